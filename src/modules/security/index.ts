/** Abnormal access and incidents (SEC-4, IR-1..3). Other modules import from here only. */
export { securityModule } from './security.module.ts';
export { TrafficWatch, SCRAPING_PER_MINUTE, type TrafficKind } from './traffic-watch.ts';
export { DETECTION, detectAbnormalAccess } from './detect-abnormal-access.ts';
export { plantCanary, canariesOf, ensureCanary } from './canaries.ts';
export {
  listAlerts,
  openAlertCount,
  dismissAlert,
  isolateFromAlert,
  escalateAlert,
  type AlertView,
} from './handle-alerts.ts';
export {
  openIncident,
  addIncidentEntry,
  recordNotice,
  changeIncidentStatus,
  listIncidents,
  incidentDetail,
  watchIncidentClocks,
  clocksOf,
  type IncidentDetail,
  type NoticeClock,
  type NewIncident,
} from './incidents.ts';
export {
  ALERT_KINDS,
  INCIDENT_KINDS,
  NOTICE_HOURS,
  type AlertKind,
  type IncidentKind,
  type IncidentStatus,
  type NoticeRecipient,
} from './security-status.ts';
export { securityPersonalData } from './security.personal-data.ts';
