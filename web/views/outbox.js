// The outbox page (issue 18): writes not on the server yet, waiting or refused
// with the reason.  Nothing leaves it without the worker seeing it.

import { t } from '../i18n.js';
import { h, pageTitle, dateTime, errorText, toast, draftKey } from '../ui.js';
import { ask } from '../offline.js';
import { go } from '../app.js';
import * as outbox from '../outbox.js';
import '../i18n-phone.js';

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
			h('p', null, h('strong', null, t('outbox.kind.' + e.kind)), ' · ', e.label || ''),
			h('p', { class: 'muted small' }, t('outbox.madeAt', { t: dateTime(new Date(e.created_at).toISOString()) })),
			refused
				? h('p', { class: 'outbox-reason', role: 'note' }, t('outbox.refused'), errorText(e.error))
				: h('p', { class: 'outbox-state' }, t('outbox.waiting')),
			h('div', { class: 'actions' },
				refused && e.fix ? h('button', { type: 'button', class: 'btn btn-small btn-primary', onclick: () => fix(e) }, t('outbox.fix')) : null,
				h('button', { type: 'button', class: 'btn btn-small btn-quiet', onclick: () => discard(e) }, t('outbox.discard'))));
	}

	async function fix(e) {
		// back onto its form as typed (saving there makes a new write); a form
		// without a draft (a checklist) opens as it is, the entry stays until discarded
		if (e.draft && await outbox.takeBack(e.key)) {
			try { localStorage.setItem(draftKey(e.draftKey), JSON.stringify(e.draft)); } catch { /* full */ }
		}
		go(e.fix);
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
