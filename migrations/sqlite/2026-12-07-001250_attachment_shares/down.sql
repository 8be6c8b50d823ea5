DROP TABLE attachment_shares;
