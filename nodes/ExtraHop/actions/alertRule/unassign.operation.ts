import { alertRuleAssignment } from './assignment';

export const unassignAlertRule = alertRuleAssignment('unassign');
