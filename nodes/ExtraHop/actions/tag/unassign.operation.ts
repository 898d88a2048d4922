import { tagDeviceAssignment } from './deviceAssignment';

export const unassignTag = tagDeviceAssignment('unassign');
