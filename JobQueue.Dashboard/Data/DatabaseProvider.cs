namespace JobQueue.Dashboard.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    Postgres,
}
