import { deviceGroupMembership } from './membership';

export const removeDevices = deviceGroupMembership('removeDevices');
