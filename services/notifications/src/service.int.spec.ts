import { describeServiceConformance } from '@carebus/testing';
import { NOTIFICATIONS_UNDER_TEST } from '../test/notifications-under-test';

// Its own topics, groups and SMTP port: it passes while `npm start` runs and mails nothing there.
describeServiceConformance(NOTIFICATIONS_UNDER_TEST);
