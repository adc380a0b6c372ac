// Photos and documents of a record (docs/attachments.md): the list, with a
// thumbnail for photos and a download link, and a file picker that sends a
// photo or a PDF.  Used by the issue page and the meeting page.

import { t } from '../i18n.js';
import { get, api, qs } from '../api.js';
import { h, field, onSubmit, toast, timeEl } from '../ui.js';

const TYPES = { 'image/jpeg': 1, 'image/png': 1, 'application/pdf': 1 };

/** A section listing the attachments of OWNER ('issue', 'meeting', …) OWNERID
 * with a form to add one. */
export function attachmentsSection(owner, ownerId) {
	const list = h('ul', { class: 'plain attachments' });
	const load = async () => {
		const r = await get('/api/v1/attachments' + qs({ owner, owner_id: ownerId }));
		list.replaceChildren(...(r.items.length ? r.items.map((a) => h('li', { class: 'attachment' },
			a.thumbnail_url ? h('img', { src: a.thumbnail_url, alt: a.filename, width: 64, loading: 'lazy' }) : null,
			h('a', { href: `/api/v1/attachments/${a.id}`, download: a.filename }, a.filename),
			h('span', { class: 'muted small' }, ' · ', a.created_by_name || '', ' · ', timeEl(a.created_at))))
			: [h('li', { class: 'muted' }, t('att.none'))]));
	};
	const fileField = field({ name: 'file', label: t('att.file'), type: 'file', required: true, hint: t('att.hint'), attrs: { accept: 'image/jpeg,image/png,application/pdf' } });
	const form = h('form', { class: 'form attach-form', novalidate: true },
		fileField, h('p', { class: 'actions' }, h('button', { type: 'submit' }, t('att.add'))));
	onSubmit(form, async () => {
		const f = form.querySelector('input[type=file]').files[0];
		if (!f) throw Object.assign(new Error('file'), { status: 400, code: 'bad_field', field: 'file', message_zh: t('att.pick'), message: t('att.pick') });
		if (!TYPES[f.type]) throw Object.assign(new Error('file'), { status: 415, code: 'bad_field', field: 'file', message_zh: t('att.type'), message: t('att.type') });
		await api('POST', '/api/v1/attachments' + qs({ owner, owner_id: ownerId, filename: f.name }), undefined, { raw: f, type: f.type });
		form.reset();
		toast(t('att.added'));
		await load();
	});
	const section = h('section', { class: 'card', 'aria-labelledby': `att-${owner}-${ownerId}` },
		h('h2', { id: `att-${owner}-${ownerId}` }, t('att.title')), list, form);
	load().catch(() => list.replaceChildren(h('li', { class: 'muted' }, t('att.none'))));
	return section;
}
