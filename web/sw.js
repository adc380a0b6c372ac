// The service worker (issue 18), at the root so that its scope is the app.
// Network first; when that fails, the kept copy: of the app's files, and of
// the day's API reads (KEEP), marked X-Sibai-Cached-At (ms) for their age.
// Writes pass untouched (the page's outbox keeps them).

const APP = 'sibai-app-1';
const API = 'sibai-api';

// The reads kept for offline use: the worker's day and what its pages need.
// Nothing revealed (reveal answers are POSTs), no exports, no audit.
const KEEP = /^\/api\/v1\/(me(\/plan|\/duties)?|households\/\d+|residents\/(\d+|key-persons)|visits|issues(\/\d+)?|issue-categories|tags|areas(\/\d+)?|campaigns(\/\d+)?)$/;

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
		if (KEEP.test(url.pathname)) ev.respondWith(apiRead(rq));
		return;
	}
	if (url.pathname === '/healthz' || url.pathname === '/metrics' || url.pathname.startsWith('/open311/')) return;
	ev.respondWith(appFile(rq, url));
});

async function apiRead(rq) {
	try {
		const r = await fetch(rq);
		if (r.ok) {
			const body = await r.clone().arrayBuffer();
			const headers = new Headers(r.headers);
			headers.delete('Content-Encoding'); // the body is decoded already
			headers.delete('Content-Length');
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
		throw e;
	}
}
