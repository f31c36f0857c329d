// Placeholder replaced below once prisma generate is wired.
