/**
 * Drives the ExtraHop Trigger the way an active n8n 2.8.4 poller does: one in-memory Workflow
 * whose static data each poll may change, a persisted copy written only after a poll that
 * emitted items, and restarts that resume from that persisted copy.
 */
import type { IDataObject, Workflow } from 'n8n-workflow';

import type { Engine } from '../harness/engine';
import { PACKAGE_NAME } from '../harness/package-registry';

export const TRIGGER_TYPE = `${PACKAGE_NAME}.extraHopTrigger`;
const NODE_NAME = 'ExtraHop Trigger';

export class TriggerHarness {
	workflow: Workflow;
	persisted: IDataObject = {};
	restarts = 0;

	constructor(
		private readonly engine: Engine,
		private readonly parameters: IDataObject,
		private readonly credentials: Record<string, string> = { extraHopApi: 'eh-key' },
	) {
		this.workflow = this.build({});
	}

	private build(staticData: IDataObject) {
		return this.engine.workflow(
			[
				{
					name: NODE_NAME,
					type: TRIGGER_TYPE,
					parameters: this.parameters as never,
					credentials: this.credentials,
				},
			],
			staticData,
		);
	}

	/** One trigger-mode poll; returns the emitted items' JSON, or null. */
	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<IDataObject[] | null> {
		const result = await this.engine.poll(this.workflow, NODE_NAME, mode);
		if (result && mode === 'trigger') this.persisted = this.snapshot();
		return result ? result[0].map((item) => item.json) : null;
	}

	/** n8n restarts: the poller comes back with the last persisted static data. */
	restart() {
		this.restarts++;
		this.workflow = this.build(structuredClone(this.persisted));
	}

	snapshot(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}

	cursor(): IDataObject | undefined {
		return (this.snapshot()[`node:${NODE_NAME}`] as IDataObject | undefined)?.cursor as
			IDataObject | undefined;
	}

	stateBytes(): number {
		return Buffer.byteLength(JSON.stringify(this.snapshot()));
	}
}

export const versionKey = (d: IDataObject) => `${String(d.id)}@${String(d.mod_time)}`;

/**
 * The two readings of the search's `mod_time` filter the trigger must be right under: "updated
 * after" (exclusive, the vendor spec) and "on or after" (inclusive, a peer's documentation).
 */
export const MOD_TIME_READINGS = [
	{ reading: 'mod_time exclusive', modTimeInclusive: false },
	{ reading: 'mod_time inclusive', modTimeInclusive: true },
];
