/**
 * Run by answers.test.ts in a process of its own: the ExtraHop node's Get on n8n's real engine
 * against hostile answers of 60 MB and 300 MB, reporting each error and the peak growth of the
 * resident set (sampled every 5 ms) over the process after a normal Get. Prints one JSON line.
 */
import '../harness/jest-setup';
import { byId, extraHopNode, startExtraHop } from '../helpers/extrahop';

const MIB = 1024 * 1024;

async function main() {
	const h = await startExtraHop();
	const get = extraHopNode({ resource: 'detection', operation: 'get', detectionId: byId(1002) });
	await h.engine.runNode(get);
	const report: Record<string, { error: string; growthMb: number }> = {};
	for (const mb of [60, 300]) {
		const baseline = process.memoryUsage().rss;
		let peak = baseline;
		const sampler = setInterval(() => {
			peak = Math.max(peak, process.memoryUsage().rss);
		}, 5);
		h.sim.server.injectFault({ kind: 'huge', bytes: mb * MIB, pathPrefix: '/api/v1/detections' });
		let error = 'no error';
		try {
			await h.engine.runNode(get);
		} catch (caught) {
			error = (caught as Error).message;
		}
		clearInterval(sampler);
		peak = Math.max(peak, process.memoryUsage().rss);
		report[`${mb} MB`] = { error, growthMb: Math.round((peak - baseline) / MIB) };
	}
	await h.sim.stop();
	process.stdout.write(`${JSON.stringify(report)}\n`);
	process.exit(0);
}

void main();
