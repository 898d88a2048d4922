import { sleep } from 'n8n-workflow';

/** Writes before giving up when other writers keep replacing ours. */
export const READ_BACK_ATTEMPTS = 5;

interface ReadModifyWrite<S> {
	/** Whether `state` holds our change, given the state our write went over. */
	holds(state: S, before: S): boolean;
	write(current: S): Promise<unknown>;
	read(): Promise<S>;
}

/**
 * ExtraHop's API has no conditional write, so a read-modify-write (a note, an investigation's
 * detection list, an alert rule) is made safe across executions and n8n processes by reading back:
 * write over the state read, read it again, and while another writer has replaced ours, wait a
 * short random pause, read afresh and write again. Returns the state that holds our change, or
 * undefined after READ_BACK_ATTEMPTS writes. A writer that read before our write and writes after
 * our read-back still drops ours unseen (documented per operation in docs/nodes/extrahop.md).
 */
export async function writeUntilItHolds<S>(
	read: S,
	step: ReadModifyWrite<S>,
): Promise<S | undefined> {
	let current = read;
	for (let attempt = 1; attempt <= READ_BACK_ATTEMPTS; attempt++) {
		if (attempt > 1) {
			await sleep(Math.round((50 + Math.random() * 150) * attempt));
			const fresh = await step.read();
			if (step.holds(fresh, current)) return fresh;
			current = fresh;
		}
		await step.write(current);
		const readBack = await step.read();
		if (step.holds(readBack, current)) return readBack;
		current = readBack;
	}
	return undefined;
}
