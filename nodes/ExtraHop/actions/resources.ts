import type { Resource } from '../../shared/operation';
import * as alertRule from './alertRule';
import * as customDevice from './customDevice';
import * as detection from './detection';
import * as detectionType from './detectionType';
import * as device from './device';
import * as deviceGroup from './deviceGroup';
import * as investigation from './investigation';
import * as note from './note';
import * as metric from './metric';
import * as packet from './packet';
import * as record from './record';
import * as tag from './tag';
import * as tuningRule from './tuningRule';
import * as watchlist from './watchlist';

/** The ExtraHop node's resources, in the order of their parameters: the Resource list, the subtitle and the router read them here. */
export const resources: Resource[] = [
	{ name: 'Detection', value: 'detection', ...detection },
	{ name: 'Note', value: 'note', ...note },
	{ name: 'Detection Type', value: 'detectionType', ...detectionType },
	{ name: 'Device', value: 'device', ...device },
	{ name: 'Device Group', value: 'deviceGroup', ...deviceGroup },
	{ name: 'Custom Device', value: 'customDevice', ...customDevice },
	{ name: 'Investigation', value: 'investigation', ...investigation },
	{ name: 'Tuning Rule', value: 'tuningRule', ...tuningRule },
	{ name: 'Watchlist', value: 'watchlist', ...watchlist },
	{ name: 'Tag', value: 'tag', ...tag },
	{ name: 'Alert Rule', value: 'alertRule', ...alertRule },
	{ name: 'Packet', value: 'packet', ...packet },
	{ name: 'Record', value: 'record', ...record },
	{ name: 'Metric', value: 'metric', ...metric },
];
