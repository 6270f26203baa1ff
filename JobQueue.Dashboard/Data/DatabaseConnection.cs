namespace JobQueue.Dashboard.Data;

/// <summary>
/// The database the configuration names: <see cref="DatabaseOptions.Provider"/> and <c>ConnectionStrings:JobQueue</c>.
/// SQLite has a default file; the servers have none, and starting without one says so.
/// </summary>
public sealed record DatabaseConnection(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseConnection From(IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(connectionString))
            return new(options.Provider, connectionString);
        return options.Provider == DatabaseProvider.Sqlite
            ? new(options.Provider, DatabaseOptions.DefaultSqliteConnectionString)
            : throw new InvalidOperationException($"Database:Provider is {options.Provider} but ConnectionStrings:JobQueue is not set.");
    }
}
