using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Data;

/// <summary>The model on SqlServer, with its own migrations set (Data/Migrations/SqlServer).</summary>
public sealed class SqlServerJobQueueDbContext(DbContextOptions<SqlServerJobQueueDbContext> options) : JobQueueDbContext(options);
