// Logging in (and back to where the user was), and the account page
// (change the password).

import { t, enumLabel } from '../i18n.js';
import { api, patch, readEarly } from '../api.js';
import { h, field, onSubmit, formError, pageTitle, toast, dl, todayISO } from '../ui.js';
import { loggedIn, session } from '../app.js';
import { areaName } from '../data.js';

export async function loginView({ query }) {
	const next = query.get('next') || '';
	const form = h('form', { class: 'card form login-form', novalidate: true },
		formError(),
		field({ name: 'username', label: t('login.username'), required: true, attrs: { autocomplete: 'username', autocapitalize: 'off', spellcheck: 'false', 'data-autofocus': '' } }),
		field({ name: 'password', label: t('login.password'), type: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, t('login.submit'))));
	onSubmit(form, async () => {
		const body = { username: form.username.value.trim(), password: form.password.value };
		const r = await api('POST', '/api/v1/session', body);
		// issue 18: a worker's plan is read beside /me (app.js), not after it
		if (['worker', 'committee_head'].includes(r.user?.role) && !r.gate_id && (!next.startsWith('#/') || next.startsWith('#/plan'))) {
			readEarly('/api/v1/me/plan?date=' + todayISO());
		}
		loggedIn(r.user, next);
	});
	import('./plan.js').catch(() => {}); // issue 18: the likely next page, fetched while the user types
	return h('section', { class: 'login' },
		pageTitle(t('login.title')),
		h('p', { class: 'motto' }, t('app.motto')),
		query.get('expired') ? h('p', { class: 'notice', role: 'status' }, t('login.expired')) : null,
		form);
}

export async function accountView() {
	const me = session.me;
	const form = h('form', { class: 'card form', novalidate: true },
		h('h2', null, t('account.password')),
		formError(),
		field({ name: 'old_password', label: t('account.old'), type: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
		field({ name: 'new_password', label: t('account.new'), type: 'password', required: true, hint: t('account.rule'), attrs: { autocomplete: 'new-password', minlength: 10 } }),
		h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('save'))));
	onSubmit(form, async () => {
		await patch('/api/v1/me/password', { old_password: form.old_password.value, new_password: form.new_password.value });
		form.reset();
		toast(t('account.changed'));
	});
	return h('section', null,
		pageTitle(t('account.title')),
		h('div', { class: 'card' }, dl([[t('login.username'), me.username], [t('role'), enumLabel('role', me.role)],
			[t('scope'), (await Promise.all(me.scope.map(areaName))).join('、')]])),
		form);
}
