using JobQueue.Dashboard.Encryption;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;
using Npgsql;
using NpgsqlTypes;

namespace JobQueue.Dashboard.Jobs.Store;

/// <summary>
/// The hot path on PostgreSQL, set-based: each statement takes a whole batch as arrays and reads them back as rows with
/// <c>unnest</c>, so a batch of any size is a handful of statements in one round trip or two. Applying events locks the
/// jobs' rows (<c>FOR UPDATE</c>, in id order, so two dashboards applying overlapping batches queue rather than
/// deadlock) between reading their states and writing the reduced ones; a cancel through EF Core waits for the lock and
/// then finds a new <c>Version</c>, as it does on the other providers. The rows are the ones EF Core writes, which the
/// store tests check against <see cref="EfJobStore"/>.
/// </summary>
public sealed class PostgresJobStore(NpgsqlDataSource dataSource, JobDataProtector data) : IJobStore
{
    private const string InsertJobs = """
        INSERT INTO "Jobs" ("Id", "Type", "Queue", "Status", "Payload", "Progress", "Attempt", "MaxAttempts", "TimeoutSeconds", "CreatedAt", "OwnerId", "Owner",
            "Priority", "UniqueKey", "RunAt", "QueuedAt", "Version")
        SELECT u.id, u.type, u.queue, u.status, u.payload, u.progress, u.attempt, u.max_attempts, u.timeout, u.created_at, u.owner_id, u.owner,
            u.priority, u.unique_key, u.run_at, u.queued_at, 0
        FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            AS u(id, type, queue, status, payload, progress, attempt, max_attempts, timeout, created_at, owner_id, owner, priority, unique_key, run_at, queued_at)
        """;

    private const string InsertIdempotency = """
        INSERT INTO "IdempotencyKeys" ("OwnerId", "Key", "RequestHash", "StatusCode", "Response", "CreatedAt")
        VALUES ($1, $2, $3, $4, $5, $6)
        """;

    private const string ReadStates = """
        SELECT "Id", "Status", "Attempt", "Progress", "MaxAttempts", "WorkerId", "StartedAt", "FinishedAt", "NextAttemptAt", "Result", "Error", "OwnerId"
        FROM "Jobs" WHERE "Id" = ANY($1) ORDER BY "Id" FOR UPDATE
        """;

    private const string UpdateJobs = """
        UPDATE "Jobs" AS j SET "Status" = u.status, "Attempt" = u.attempt, "Progress" = u.progress, "WorkerId" = u.worker_id,
            "StartedAt" = u.started_at, "FinishedAt" = u.finished_at, "NextAttemptAt" = u.next_attempt_at, "Result" = u.result,
            "Error" = u.error, "Version" = j."Version" + 1
        FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            AS u(id, status, attempt, progress, worker_id, started_at, finished_at, next_attempt_at, result, error)
        WHERE j."Id" = u.id
        """;

    private const string InsertSteps = """
        INSERT INTO "JobTimeline" ("JobId", "Status", "At", "Attempt", "WorkerId", "Note")
        SELECT * FROM unnest($1, $2, $3, $4, $5, $6)
        """;

    // The rows are locked in id order first, as ReadStates locks them: an UPDATE alone locks them in the order it scans
    // them, and a recorder applying the same jobs' first events meanwhile would deadlock with it.
    private const string MarkPublished = """
        UPDATE "Jobs" AS j SET "PublishedAt" = $2
        FROM (SELECT "Id" FROM "Jobs" WHERE "Id" = ANY($1) ORDER BY "Id" FOR UPDATE) AS locked
        WHERE j."Id" = locked."Id"
        """;

    public async Task InsertAsync(IReadOnlyList<Job> jobs, IdempotencyRecord? idempotency, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command(InsertJobs,
            Array(jobs, j => j.Id, NpgsqlDbType.Uuid),
            Array(jobs, j => j.Type, NpgsqlDbType.Text),
            Array(jobs, j => j.Queue, NpgsqlDbType.Text),
            Array(jobs, j => j.Status.ToString(), NpgsqlDbType.Text),
            Array(jobs, j => j.Payload, NpgsqlDbType.Text),
            Array(jobs, j => j.Progress, NpgsqlDbType.Double),
            Array(jobs, j => j.Attempt, NpgsqlDbType.Integer),
            Array(jobs, j => j.MaxAttempts, NpgsqlDbType.Integer),
            Array(jobs, j => j.TimeoutSeconds, NpgsqlDbType.Integer),
            Array(jobs, j => j.CreatedAt, NpgsqlDbType.TimestampTz),
            Array(jobs, j => j.OwnerId, NpgsqlDbType.Text),
            Array(jobs, j => j.Owner, NpgsqlDbType.Text),
            Array(jobs, j => j.Priority.ToString(), NpgsqlDbType.Text),
            Array(jobs, j => j.UniqueKey, NpgsqlDbType.Text),
            Array(jobs, j => j.RunAt, NpgsqlDbType.TimestampTz),
            Array(jobs, j => j.QueuedAt, NpgsqlDbType.TimestampTz)));
        if (idempotency is not null)
        {
            batch.BatchCommands.Add(Command(InsertIdempotency,
                Value(idempotency.OwnerId, NpgsqlDbType.Text),
                Value(idempotency.Key, NpgsqlDbType.Text),
                Value(idempotency.RequestHash, NpgsqlDbType.Text),
                Value(idempotency.StatusCode, NpgsqlDbType.Integer),
                Value(idempotency.Response, NpgsqlDbType.Text),
                Value(idempotency.CreatedAt, NpgsqlDbType.TimestampTz)));
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<AppliedEvents> ApplyAsync(IReadOnlyList<JobEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = new Dictionary<Guid, StoredJob>();
        await using (var read = new NpgsqlCommand(ReadStates, connection, transaction))
        {
            read.Parameters.Add(Value(events.Select(e => e.JobId).Distinct().ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                stored[reader.GetGuid(0)] = new StoredJob(reader.GetString(11), new JobSnapshot(
                    Enum.Parse<JobStatus>(reader.GetString(1)), reader.GetInt32(2), reader.GetDouble(3), reader.GetInt32(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetDateTime(6),
                    reader.IsDBNull(7) ? null : reader.GetDateTime(7),
                    reader.IsDBNull(8) ? null : reader.GetDateTime(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        var reduced = EventBatch.Reduce(stored, events, data);
        if (reduced.Changes.Count > 0)
        {
            var changes = reduced.Changes.ToList();
            var steps = changes.SelectMany(c => c.Value.Steps.Select(step => (JobId: c.Key, Step: step))).ToList();
            await using var write = new NpgsqlBatch(connection, transaction);
            write.BatchCommands.Add(Command(UpdateJobs,
                Array(changes, c => c.Key, NpgsqlDbType.Uuid),
                Array(changes, c => c.Value.State.Status.ToString(), NpgsqlDbType.Text),
                Array(changes, c => c.Value.State.Attempt, NpgsqlDbType.Integer),
                Array(changes, c => c.Value.State.Progress, NpgsqlDbType.Double),
                Array(changes, c => c.Value.State.WorkerId, NpgsqlDbType.Text),
                Array(changes, c => c.Value.State.StartedAt, NpgsqlDbType.TimestampTz),
                Array(changes, c => c.Value.State.FinishedAt, NpgsqlDbType.TimestampTz),
                Array(changes, c => c.Value.State.NextAttemptAt, NpgsqlDbType.TimestampTz),
                Array(changes, c => c.Value.State.Result, NpgsqlDbType.Text),
                Array(changes, c => c.Value.State.Error, NpgsqlDbType.Text)));
            if (steps.Count > 0)
            {
                write.BatchCommands.Add(Command(InsertSteps,
                    Array(steps, s => s.JobId, NpgsqlDbType.Uuid),
                    Array(steps, s => s.Step.Status.ToString(), NpgsqlDbType.Text),
                    Array(steps, s => s.Step.At, NpgsqlDbType.TimestampTz),
                    Array(steps, s => s.Step.Attempt, NpgsqlDbType.Integer),
                    Array(steps, s => s.Step.WorkerId, NpgsqlDbType.Text),
                    Array(steps, s => s.Step.Note, NpgsqlDbType.Text)));
            }
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return reduced.Applied;
    }

    public async Task MarkPublishedAsync(IReadOnlyCollection<Guid> jobIds, DateTime publishedAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(MarkPublished);
        command.Parameters.Add(Value(jobIds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid));
        command.Parameters.Add(Value(publishedAt, NpgsqlDbType.TimestampTz));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>One column of a batch as an array parameter (positional, <c>$n</c>); nulls stay SQL NULL.</summary>
    private static NpgsqlParameter<T[]> Array<TRow, T>(IReadOnlyList<TRow> rows, Func<TRow, T> column, NpgsqlDbType type)
    {
        var values = new T[rows.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = column(rows[i]);
        return new NpgsqlParameter<T[]> { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | type };
    }

    private static NpgsqlParameter<T> Value<T>(T value, NpgsqlDbType type) => new() { TypedValue = value, NpgsqlDbType = type };
}
