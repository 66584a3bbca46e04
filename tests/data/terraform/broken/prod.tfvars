acl = "private"
