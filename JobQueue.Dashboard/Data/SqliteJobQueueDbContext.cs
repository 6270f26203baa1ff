using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Data;

/// <summary>The model on Sqlite, with its own migrations set (Data/Migrations/Sqlite).</summary>
public sealed class SqliteJobQueueDbContext(DbContextOptions<SqliteJobQueueDbContext> options) : JobQueueDbContext(options);
