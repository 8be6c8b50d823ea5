DROP TABLE attachments;
DROP TABLE message_reads;
DROP TABLE messages;
DROP TABLE timeline_events;
DROP TABLE clock_pauses;
DROP TABLE referrals;
DROP TABLE requests;
DROP TABLE counters;
