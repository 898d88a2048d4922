import { tagDeviceAssignment } from './deviceAssignment';

export const assignTag = tagDeviceAssignment('assign');
