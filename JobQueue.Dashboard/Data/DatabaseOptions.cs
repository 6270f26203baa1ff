namespace JobQueue.Dashboard.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "JobQueue";
    public const string DefaultSqliteConnectionString = "Data Source=jobqueue.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
