// @ts-check
'use strict';
/**
 * A mailbox for tests: an SMTP server (RFC 5321, plain, no STARTTLS, no AUTH) that keeps every
 * message. n8n's Send Email node (nodemailer) delivers to it with the SMTP credential
 * { host: 127.0.0.1, port, secure: false, disableStartTls: true } and no user.
 *
 * Messages are kept raw and decoded (quoted-printable and base64 bodies), with the links they
 * carry: n8n's human review e-mails hold the Approve / Decline links. startPage() serves them as a
 * web page (the demo's approval mailbox: a reviewer opens the links there, in a browser).
 */
const http = require('node:http');
const net = require('node:net');
const { escapeHtml } = require('../common/server');

/**
 * A reviewer's browser. n8n answers approval links opened by a bot (its user agent judged by
 * isbot, which counts Node's own fetch) with an empty 200 and ignores them, so that mail scanners
 * cannot approve: whatever follows a link from this mailbox must say it is a browser.
 */
const BROWSER_USER_AGENT =
	'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

/** @param {string} text */
function decodeQuotedPrintable(text) {
	return text
		.replace(/=\r?\n/g, '')
		.replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The decoded text of every part of a MIME message (headers dropped).
 * @param {string} raw
 */
function decodeBody(raw) {
	const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
	return parts
		.map((part) => {
			const split = part.search(/\r?\n\r?\n/);
			if (split < 0) return '';
			const headers = part.slice(0, split);
			const body = part.slice(split).trim();
			if (/content-transfer-encoding:\s*quoted-printable/i.test(headers))
				return decodeQuotedPrintable(body);
			if (/content-transfer-encoding:\s*base64/i.test(headers))
				return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
			return body;
		})
		.join('\n');
}

/**
 * The mailbox as a web page, newest message first: subject, recipients, text and links.
 * @param {{ to: string[], subject: string, text: string, links: string[] }[]} messages
 */
function mailboxPage(messages) {
	const items = [...messages].reverse().map((m) => {
		const text = m.text
			.replace(/<[^>]*>/g, ' ')
			.replace(/[ \t]+/g, ' ')
			.replace(/\n\s*\n+/g, '\n');
		const links = m.links
			.map((link) => `<li><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></li>`)
			.join('');
		return `<article><h2>${escapeHtml(m.subject)}</h2><p>to ${escapeHtml(m.to.join(', '))}</p><pre>${escapeHtml(text.trim())}</pre><ul>${links}</ul></article>`;
	});
	return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="10"><title>Mailbox (${messages.length})</title></head><body><h1>Mailbox: ${messages.length} message(s)</h1>${items.join('') || '<p>No message yet.</p>'}</body></html>`;
}

function createSmtpSimulator() {
	/** @type {{ from: string, to: string[], raw: string, subject: string, text: string, links: string[] }[]} */
	const messages = [];
	/** @type {Set<net.Socket>} */
	const sockets = new Set();
	let port = 0;

	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		let buffer = '';
		let inData = false;
		let from = '';
		/** @type {string[]} */
		let to = [];
		const reply = (/** @type {string} */ line) => socket.write(`${line}\r\n`);
		reply('220 smtp.simulator ESMTP');
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			for (;;) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					if (end < 0) return;
					const raw = buffer.slice(0, end).replace(/^\.\./gm, '.');
					buffer = buffer.slice(end + 5);
					inData = false;
					const text = decodeBody(raw);
					const subject = /^subject:\s*(.*)$/im.exec(raw)?.[1] ?? '';
					const links = [...text.matchAll(/href="([^"]+)"/g)].map((m) =>
						m[1].replace(/&amp;/g, '&'),
					);
					messages.push({ from, to, raw, subject, text, links });
					reply('250 2.0.0 queued');
					continue;
				}
				const eol = buffer.indexOf('\r\n');
				if (eol < 0) return;
				const line = buffer.slice(0, eol);
				buffer = buffer.slice(eol + 2);
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') {
					reply('250-smtp.simulator');
					reply('250 8BITMIME');
				} else if (verb === 'HELO') reply('250 smtp.simulator');
				else if (verb === 'MAIL') {
					from = /<([^>]*)>/.exec(line)?.[1] ?? '';
					to = [];
					reply('250 2.1.0 ok');
				} else if (verb === 'RCPT') {
					to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
					reply('250 2.1.5 ok');
				} else if (verb === 'DATA') {
					inData = true;
					reply('354 end with <CRLF>.<CRLF>');
				} else if (verb === 'RSET') reply('250 ok');
				else if (verb === 'NOOP') reply('250 ok');
				else if (verb === 'QUIT') {
					reply('221 bye');
					socket.end();
				} else reply('502 5.5.2 command not implemented');
			}
		});
	});

	const page = http.createServer((req, res) => {
		if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/') {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(mailboxPage(messages));
	});

	return {
		messages: () => messages,
		/**
		 * Serves the mailbox as a web page; resolves with its URL.
		 * @param {number} [listenPort]
		 */
		startPage: (listenPort) =>
			new Promise((resolve) => {
				page.listen(listenPort ?? 0, '127.0.0.1', () => {
					const address = /** @type {net.AddressInfo} */ (page.address());
					resolve(`http://127.0.0.1:${address.port}`);
				});
			}),
		/** What n8n's SMTP credential needs. */
		credentials: () => ({
			host: '127.0.0.1',
			port,
			secure: false,
			disableStartTls: true,
			user: '',
			password: '',
		}),
		/** @param {number} [listenPort] */
		start: (listenPort) =>
			new Promise((resolve) => {
				server.listen(listenPort ?? 0, '127.0.0.1', () => {
					port = /** @type {net.AddressInfo} */ (server.address()).port;
					resolve(`smtp://127.0.0.1:${port}`);
				});
			}),
		stop: () =>
			new Promise((resolve) => {
				for (const socket of sockets) socket.destroy();
				if (page.listening) page.closeAllConnections();
				const closePage = page.listening
					? new Promise((done) => page.close(() => done(undefined)))
					: Promise.resolve();
				server.close(() => void closePage.then(() => resolve(undefined)));
			}),
	};
}

module.exports = { createSmtpSimulator, decodeBody, BROWSER_USER_AGENT };
