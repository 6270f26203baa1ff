using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Data;

/// <summary>The model on Postgres, with its own migrations set (Data/Migrations/Postgres).</summary>
public sealed class PostgresJobQueueDbContext(DbContextOptions<PostgresJobQueueDbContext> options) : JobQueueDbContext(options);
