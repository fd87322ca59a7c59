/** Customer service (CK-6): cases about orders, messages both ways, the queue and assignment. */
export {
  openTicket,
  openLogisticsCase,
  shopperReply,
  replyToTicket,
  assignTicketToMe,
  closeTicket,
  TICKET_MESSAGE_MAX,
} from './tickets.ts';
export {
  ticketsOfOrder,
  ticketQueue,
  ticketForStaff,
  replyForMail,
  type TicketView,
} from './ticket-views.ts';
export { TICKET_TOPICS, TICKET_STATUS_LABELS, type TicketStatus, type TicketTopic } from './ticket-status.ts';
export { supportPersonalData } from './support.personal-data.ts';
export { supportModule } from './support.module.ts';
