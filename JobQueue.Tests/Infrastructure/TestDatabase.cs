namespace JobQueue.Tests.Infrastructure;

public enum TestDatabase
{
    /// <summary>A SQLite file of the system's own (the embedded default).</summary>
    Sqlite,

    /// <summary>A throwaway database on the tests' PostgreSQL (<see cref="PostgresDatabases"/>).</summary>
    Postgres,
}
