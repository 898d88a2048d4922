/**
 * One backlog drain in its own process, so its peak RSS is its own: `raw` pages the backlog with a
 * keep-alive client and holds every detection; `trigger` runs the ExtraHop Trigger through n8n's
 * poll context from a saved state until drained, holding every emitted item. Both load the same
 * modules first. Prints one JSON line.
 */
import fs from 'node:fs';

import type { IDataObject } from 'n8n-workflow';

import { Engine } from '../harness/engine';
import { TriggerHarness } from '../helpers/trigger';
import { RawClient } from './raw';

async function main() {
	const [mode, url, apiKey, stateFile, maxPerPoll] = process.argv.slice(2);
	const setup = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as {
		persisted: IDataObject;
		after: number;
	};
	global.gc?.();
	const before = process.memoryUsage().rss;
	const t0 = process.hrtime.bigint();
	const held: unknown[] = [];
	let polls = 0;
	if (mode === 'raw') {
		const client = new RawClient(url, apiKey, true);
		held.push(...(await client.pageAll(setup.after)));
		client.close();
	} else {
		const engine = new Engine();
		engine.addCredential('eh-key', { url, apiKey, allowUnauthorizedCerts: false });
		const options: IDataObject = maxPerPoll ? { maxPerPoll: Number(maxPerPoll) } : {};
		const t = new TriggerHarness(engine, { events: ['created', 'updated'], options });
		t.persisted = setup.persisted;
		t.restart();
		for (;;) {
			const out = await t.poll();
			if (!out) break;
			polls++;
			held.push(...out);
			const limit = Number(maxPerPoll || 7000);
			if (out.length < limit) break;
		}
	}
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	process.stdout.write(
		`${JSON.stringify({ mode, held: held.length, polls, ms, rssBeforeMb: before / 2 ** 20, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
		process.exit(1);
	},
);
