// The outbox page (issue 18, item 1): the writes made on this phone that the
// server has not stored yet, oldest first — waiting for the network, or
// refused by the server with its reason, to be corrected or discarded.
// Nothing leaves the outbox without the worker seeing it.

import { t, enumLabel } from '../i18n.js';
import { h, pageTitle, dateTime, errorText, ask, toast, draftKey } from '../ui.js';
import { go } from '../app.js';
import * as outbox from '../outbox.js';

export async function outboxView() {
	const list = h('ol', { class: 'outbox-list' });
	const sendAll = h('button', {
		type: 'button', class: 'btn btn-primary', onclick: async () => {
			sendAll.disabled = true;
			const r = await outbox.flush().catch(() => ({ stopped: true, sent: [] }));
			sendAll.disabled = false;
			if (r.stopped) toast(t('outbox.stillOffline'), 'error');
			await fill();
		},
	}, t('outbox.sendNow'));

	async function fill() {
		const items = await outbox.list();
		list.replaceChildren(...items.map(item));
		sendAll.hidden = !items.some((e) => e.state !== 'refused');
		if (!items.length) list.replaceChildren(h('li', { class: 'empty' }, t('outbox.empty')));
	}

	function item(e) {
		const refused = e.state === 'refused';
		return h('li', { class: 'outbox-item card' + (refused ? ' refused' : ''), dataset: { key: e.key, kind: e.kind } },
			h('p', { class: 'outbox-what' }, h('strong', null, enumLabel('outbox_kind', e.kind)), ' · ', e.label || ''),
			h('p', { class: 'muted small' }, t('outbox.madeAt', { t: dateTime(new Date(e.created_at).toISOString()) }),
				e.tries > 1 ? ' · ' + t('outbox.tries', { n: e.tries }) : ''),
			refused
				? h('p', { class: 'outbox-reason', role: 'note' }, t('outbox.refused'), errorText(e.error))
				: h('p', { class: 'outbox-state' }, t('outbox.waiting')),
			h('div', { class: 'actions' },
				refused && e.fix ? h('button', { type: 'button', class: 'btn btn-small btn-primary', onclick: () => fix(e) }, t('outbox.fix')) : null,
				refused ? h('button', { type: 'button', class: 'btn btn-small', onclick: async () => { await outbox.retry(e.key); await fill(); } }, t('outbox.retry')) : null,
				h('button', { type: 'button', class: 'btn btn-small btn-quiet', onclick: () => discard(e) }, t('outbox.discard'))));
	}

	async function fix(e) {
		// back onto its form as typed; saving it there makes a new write
		const taken = await outbox.takeBack(e.key);
		if (!taken) return fill();
		if (taken.draftKey && taken.draft) {
			try { localStorage.setItem(draftKey(taken.draftKey), JSON.stringify(taken.draft)); } catch { /* full */ }
		}
		go(taken.fix);
	}

	async function discard(e) {
		if (await ask(t('outbox.discardAsk', { what: e.label || '' }), [['yes', t('outbox.discard'), true], ['no', t('cancel')]]) !== 'yes') return;
		await outbox.discard(e.key);
		await fill();
	}

	let seen = false;
	const stop = outbox.onChange(() => {
		if (list.isConnected) {
			seen = true;
			fill();
		} else if (seen) stop();
	});
	await fill();
	return h('section', { class: 'outbox-page' },
		pageTitle(t('outbox.title')),
		h('p', { class: 'lead' }, t('outbox.lead')),
		h('div', { class: 'actions' }, sendAll),
		list);
}
