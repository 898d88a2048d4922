import { alertRuleAssignment } from './assignment';

export const assignAlertRule = alertRuleAssignment('assign');
