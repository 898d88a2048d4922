import { deviceGroupMembership } from './membership';

export const addDevices = deviceGroupMembership('addDevices');
