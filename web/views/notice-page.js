// A notice (公告) as a resident reads it (#/n/TOKEN, no login; docs/notices.md):
// large type, Chinese first, urgent first; an unknown, expired or withdrawn
// link is said in words.  Apart from public.js with its own few words, so
// that the survey and receipt pages stay small.

import { get } from '../api.js';
import { h, dl, dateTime } from '../ui.js';
import { lang } from '../i18n.js';

const WORDS = {
	notice: ['公告', 'Notice'],
	urgent: ['紧急通知', 'Urgent'],
	unknown: ['没有找到这则公告，请核对链接或二维码。', 'No notice at this link: check the link or the QR code.'],
	expired: ['这则公告已过期。', 'This notice has expired.'],
	withdrawn: ['这则公告已撤回。', 'This notice was withdrawn.'],
	busy: ['尝试次数过多，请稍后再试。', 'Too many attempts: try again later.'],
	offline: ['暂时无法连接，请稍后再试。', 'Cannot connect now: try again later.'],
	meeting: ['议事会：{t}，{at}，{p}', 'Meeting: {t}, {at}, {p}'],
	survey: ['附调查问卷：{t}（请用投入信箱的二维码作答）', 'With a survey: {t} (answer with the slip in your letterbox)'],
	from: ['发布', 'From'],
	phone: ['居委会电话', 'Committee phone'],
	for: ['楼栋', 'Building'],
	published: ['发布时间', 'Published'],
	until: ['有效至', 'Until'],
};

/** A word of this page in the UI language, {x} replaced from PARAMS. */
export function say(key, params = {}) {
	const s = WORDS[key][lang() === 'zh' ? 0 : 1];
	return s.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined || params[k] === null ? '' : String(params[k])));
}

/** The styles of these pages (pages.css and notices.css). */
export function notesCss() {
	if (!document.getElementById('pages-css')) document.head.append(h('link', { rel: 'stylesheet', href: '/pages.css', id: 'pages-css' }));
	if (!document.getElementById('notices-css')) document.head.append(h('link', { rel: 'stylesheet', href: '/notices.css', id: 'notices-css' }));
}

/** #/n/TOKEN: the read is counted by the server. */
export async function residentNoticeView({ params }) {
	notesCss();
	let n;
	try {
		n = await get(`/api/v1/notice-links/${encodeURIComponent(params.token)}`);
	} catch (err) {
		const why = err.status === 409 ? (/withdrawn/.test(err.message || '') ? 'withdrawn' : 'expired')
			: err.status === 404 ? 'unknown' : err.status === 429 ? 'busy' : 'offline';
		return h('section', { class: 'resident-page' }, h('h1', { tabindex: '-1' }, say('notice')),
			h('p', { class: 'pub-note', role: 'alert' }, say(why)));
	}
	return h('section', { class: 'resident-page nt-page' },
		n.urgent ? h('p', { class: 'nt-urgent-banner', role: 'alert' }, say('urgent')) : null,
		h('h1', { tabindex: '-1' }, n.title),
		h('p', { class: 'pub-desc nt-body' }, n.body),
		n.meeting ? h('p', { class: 'card' }, say('meeting', { t: n.meeting.topic, at: dateTime(n.meeting.held_at), p: n.meeting.place })) : null,
		n.survey ? h('p', { class: 'card' }, say('survey', { t: n.survey.title })) : null,
		dl([
			[say('from'), n.committee],
			n.committee_phone ? [say('phone'), n.committee_phone] : null,
			n.building ? [say('for'), n.building] : null,
			[say('published'), dateTime(n.published_at)],
			n.expires_at ? [say('until'), dateTime(n.expires_at)] : null,
		].filter(Boolean)));
}
