DROP TABLE request_next_actions;
