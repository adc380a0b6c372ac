// The service worker (issue 18, item 2): served from the root so that its
// scope is the whole app.  It keeps
// - the app's files ("sibai-app"): the list the page sends (web/offline.js),
//   and every file of the app fetched since; network first (the browser's
//   HTTP cache still answers content-hashed files without asking), the kept
//   copy when the network fails;
// - the API answers of the worker's day ("sibai-api"): the GETs below, network
//   first, the kept copy when the network fails, marked with the time it was
//   fetched (X-Sibai-Cached-At, ms) so that the page says how old it is.
// Writes are never touched: they go to the network, and the page's outbox
// (web/outbox.js) keeps what did not get through.  The page wipes "sibai-api"
// at logout or when another user logs in.

const APP = 'sibai-app-1';
const API = 'sibai-api';

// The reads kept for offline use: the worker's day and what its pages need.
// Nothing revealed (reveal answers are POSTs), no exports, no audit.
const KEEP = [
	/^\/api\/v1\/me$/,
	/^\/api\/v1\/me\/plan$/,
	/^\/api\/v1\/households\/\d+$/,
	/^\/api\/v1\/residents\/\d+$/,
	/^\/api\/v1\/residents\/key-persons$/,
	/^\/api\/v1\/visits$/,
	/^\/api\/v1\/issues$/,
	/^\/api\/v1\/issues\/\d+$/,
	/^\/api\/v1\/issue-categories$/,
	/^\/api\/v1\/tags$/,
	/^\/api\/v1\/areas(\/\d+)?$/,
	/^\/api\/v1\/campaigns(\/\d+)?$/,
	/^\/api\/v1\/me\/duties$/,
];

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (ev) => {
	ev.waitUntil((async () => {
		for (const k of await caches.keys()) if (k.startsWith('sibai-app-') && k !== APP) await caches.delete(k);
		await self.clients.claim();
	})());
});

self.addEventListener('message', (ev) => {
	const m = ev.data || {};
	if (m.type === 'keep' && Array.isArray(m.urls)) ev.waitUntil(keep(m.urls));
	else if (m.type === 'wipe') ev.waitUntil(caches.delete(API));
});

async function keep(urls) {
	const c = await caches.open(APP);
	for (const u of urls) {
		const url = new URL(u, self.location.origin);
		if (url.origin !== self.location.origin) continue;
		if (await c.match(url.href)) continue;
		try {
			const r = await fetch(url.href, { credentials: 'same-origin' });
			if (r.ok) await c.put(url.href, r);
		} catch {
			return; // offline: the rest another time
		}
	}
}

self.addEventListener('fetch', (ev) => {
	const rq = ev.request;
	if (rq.method !== 'GET') return;
	const url = new URL(rq.url);
	if (url.origin !== self.location.origin) return;
	if (url.pathname.startsWith('/api/')) {
		if (KEEP.some((re) => re.test(url.pathname))) ev.respondWith(apiRead(rq));
		return;
	}
	if (url.pathname === '/healthz' || url.pathname === '/metrics' || url.pathname.startsWith('/open311/')) return;
	ev.respondWith(appFile(rq, url));
});

async function apiRead(rq) {
	try {
		const r = await fetch(rq);
		if (r.ok) {
			// kept with the time it was fetched; the cache answers only when the network fails
			const body = await r.clone().arrayBuffer();
			const headers = new Headers(r.headers);
			headers.set('X-Sibai-Cached-At', String(Date.now()));
			const c = await caches.open(API);
			await c.put(rq.url, new Response(body, { status: r.status, headers }));
		} else if (r.status === 401 || r.status === 403) {
			await caches.delete(API); // the session is gone: what it read is not kept
		}
		return r;
	} catch (e) {
		const c = await caches.open(API);
		const kept = await c.match(rq.url);
		if (kept) return kept;
		throw e;
	}
}

async function appFile(rq, url) {
	const c = await caches.open(APP);
	// the app is one page: every navigation is index.html
	const key = rq.mode === 'navigate' ? new URL('/', url).href : url.href;
	try {
		const r = await fetch(rq);
		if (r.ok && r.status === 200) await c.put(key, r.clone());
		return r;
	} catch (e) {
		const kept = await c.match(key);
		if (kept) return kept;
		if (rq.mode === 'navigate') return offlinePage();
		throw e;
	}
}

function offlinePage() {
	const html = '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
		'<title>离线 · Offline</title><body style="font-family:system-ui,sans-serif;padding:1rem"><h1>离线，此页面未缓存</h1>' +
		'<p>网络恢复后再打开。</p><p lang="en">Offline: this page was not kept on the phone. Open it again when the network is back.</p></body></html>';
	return new Response(html, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}
