import type { MarkNotificationsReadResultResolvers, MutationResolvers, NotificationConnectionResolvers, NotificationResolvers, QueryResolvers } from '#generated/graphql.ts';

export const notificationQueries: Pick<QueryResolvers, 'notifications' | 'unreadNotificationCount'> = {
  notifications: (_parent, { unreadOnly, first, after }, { notifications }) => notifications.list({ unreadOnly, first, after }),
  unreadNotificationCount: (_parent, _args, { notifications }) => notifications.unreadCount(),
};

export const notificationMutations: Pick<MutationResolvers, 'markNotificationsRead'> = {
  markNotificationsRead: (_parent, { ids }, { notifications }) => notifications.markRead(ids),
};

export const Notification: NotificationResolvers = {
  community: (notification, _args, { communities }) => communities.get(notification.communityId),
  certification: (notification, _args, { certifications }) => (notification.subjectType === 'Certification' ? certifications.get(notification.subjectId) : null),
  evidence: (notification, _args, { evidence }) => (notification.subjectType === 'Evidence' ? evidence.get(notification.subjectId) : null),
  level: (notification) => notification.facts.level ?? null,
  dueOn: (notification) => notification.facts.dueOn ?? null,
  daysLeft: (notification) => notification.facts.daysLeft ?? null,
  lastWorkMonth: (notification) => notification.facts.lastWorkMonth ?? null,
  waitingAt: (notification) => notification.facts.waitingAt ?? null,
  waitingSince: (notification) => notification.facts.waitingSince ?? null,
  workingDaysWaited: (notification) => notification.facts.workingDaysWaited ?? null,
  hiddenDanger: (notification, _args, { hiddenDangers }) => (notification.subjectType === 'HiddenDanger' ? hiddenDangers.get(notification.subjectId) : null),
  escalatedTo: (notification) => notification.facts.escalatedTo ?? null,
  residentReport: (notification, _args, { residentReports }) => (notification.subjectType === 'ResidentReport' ? residentReports.get(notification.subjectId) : null),
};

export const NotificationConnection: NotificationConnectionResolvers = {
  totalCount: (connection) => connection.totalCount(),
  unreadCount: (connection) => connection.unreadCount(),
};

export const MarkNotificationsReadResult: MarkNotificationsReadResultResolvers = {
  unreadCount: (result) => result.unreadCount(),
};
