import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { detectionIdLocator } from '../../common/descriptions/detectionId';
import { getDetection } from '../../common/api';
import { deviceSummary } from '../../common/devices';
import { participantDevice, type Participant } from '../../common/enrichment';
import { detectionIdFromLocator } from '../../common/validation';
import type { Operation } from '../../../shared/operation';
import { simplifyOf, simplifyProperties } from '../descriptions/simplify';

const properties: INodeProperties[] = [
	{ ...detectionIdLocator, description: 'The detection whose participants to look up' },
	{
		displayName: 'Role',
		name: 'participantRole',
		type: 'options',
		options: [
			{ name: 'Offenders and Victims', value: 'all' },
			{ name: 'Offenders', value: 'offender' },
			{ name: 'Victims', value: 'victim' },
		],
		default: 'all',
	},
	...simplifyProperties(
		'Whether to return only ID, name, IP addresses, MAC address, role, vendor, watchlist flag and link of each device',
	),
];

interface Prepared {
	detectionId: number;
	role: 'all' | 'offender' | 'victim';
	simplify: boolean;
}

/** One item per participant of the detection: the device behind it, or `device: null` when there is none. */
export const getParticipants: Operation<Prepared> = {
	description: updateDisplayOptions(
		{ show: { resource: ['device'], operation: ['getParticipants'] } },
		properties,
	),
	prepare(this: IExecuteFunctions, i: number) {
		return {
			detectionId: detectionIdFromLocator(this, i),
			role: this.getNodeParameter('participantRole', i, 'all') as Prepared['role'],
			simplify: simplifyOf(this, i),
		};
	},
	async execute(this: IExecuteFunctions, p: Prepared, i: number) {
		const detection = await getDetection(this, p.detectionId, i);
		const participants = (
			(Array.isArray(detection.participants) ? detection.participants : []) as Participant[]
		).filter((x) => p.role === 'all' || x.role === p.role);
		const out: IDataObject[] = [];
		for (const participant of participants) {
			const { device, note } = await participantDevice(this, participant, i);
			const about = {
				detection_id: p.detectionId,
				participant: {
					role: participant.role ?? null,
					object_type: participant.object_type ?? null,
					object_id: participant.object_id ?? null,
					object_value: participant.object_value ?? null,
					external: participant.external ?? null,
				},
			};
			if (device) out.push({ ...(p.simplify ? deviceSummary(device) : device), ...about });
			else out.push({ id: null, device: null, note, ...about });
		}
		return out;
	},
};
