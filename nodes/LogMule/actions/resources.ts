import type { Resource } from '../../shared/operation';
import * as correlationResult from './correlationResult';

/** The LogMule node's resources: the Resource list, the subtitle and the router read them here. */
export const resources: Resource[] = [
	{ name: 'Correlation Result', value: 'correlationResult', ...correlationResult },
];
