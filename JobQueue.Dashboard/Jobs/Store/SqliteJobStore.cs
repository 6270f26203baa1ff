using System.Text;
using JobQueue.Dashboard.Encryption;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;
using Microsoft.Data.Sqlite;

namespace JobQueue.Dashboard.Jobs.Store;

/// <summary>
/// The hot path on SQLite: one connection of its own, its statements prepared once and reused for every row, one
/// transaction per batch. SQLite has one writer at a time anyway, so operations take turns on the connection instead
/// of queueing on the file lock. The rows and values are the ones EF Core writes (ids as upper-case text, times as
/// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, statuses by name), which the store tests check against <see cref="EfJobStore"/>.
/// After any failure the connection and its statements are thrown away and made afresh on the next call.
/// </summary>
public sealed class SqliteJobStore(string connectionString, JobDataProtector data) : IJobStore, IAsyncDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private Statements? _statements;

    public Task InsertAsync(IReadOnlyList<Job> jobs, IdempotencyRecord? idempotency, CancellationToken cancellationToken) =>
        InTransactionAsync(async (s, token) =>
        {
            foreach (var job in jobs)
            {
                Bind(s.InsertJob, "$id", Key(job.Id));
                Bind(s.InsertJob, "$type", job.Type);
                Bind(s.InsertJob, "$queue", job.Queue);
                Bind(s.InsertJob, "$status", job.Status.ToString());
                Bind(s.InsertJob, "$payload", job.Payload);
                Bind(s.InsertJob, "$progress", job.Progress);
                Bind(s.InsertJob, "$attempt", job.Attempt);
                Bind(s.InsertJob, "$maxAttempts", job.MaxAttempts);
                Bind(s.InsertJob, "$timeout", job.TimeoutSeconds);
                Bind(s.InsertJob, "$createdAt", job.CreatedAt);
                Bind(s.InsertJob, "$ownerId", job.OwnerId);
                Bind(s.InsertJob, "$owner", job.Owner);
                Bind(s.InsertJob, "$priority", job.Priority.ToString());
                Bind(s.InsertJob, "$uniqueKey", job.UniqueKey);
                Bind(s.InsertJob, "$runAt", job.RunAt);
                Bind(s.InsertJob, "$queuedAt", job.QueuedAt);
                await s.InsertJob.ExecuteNonQueryAsync(token);
            }
            if (idempotency is not null)
            {
                Bind(s.InsertIdempotency, "$ownerId", idempotency.OwnerId);
                Bind(s.InsertIdempotency, "$key", idempotency.Key);
                Bind(s.InsertIdempotency, "$hash", idempotency.RequestHash);
                Bind(s.InsertIdempotency, "$status", idempotency.StatusCode);
                Bind(s.InsertIdempotency, "$response", idempotency.Response);
                Bind(s.InsertIdempotency, "$createdAt", idempotency.CreatedAt);
                await s.InsertIdempotency.ExecuteNonQueryAsync(token);
            }
            return 0;
        }, cancellationToken);

    public Task<AppliedEvents> ApplyAsync(IReadOnlyList<JobEvent> events, CancellationToken cancellationToken) =>
        InTransactionAsync(async (s, token) =>
        {
            // The transaction is IMMEDIATE: nobody writes between this read and the writes below.
            var stored = new Dictionary<Guid, StoredJob>();
            Bind(s.ReadStates, "$ids", KeysJson(events.Select(e => e.JobId).Distinct()));
            await using (var reader = await s.ReadStates.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                    stored[reader.GetGuid(0)] = new StoredJob(reader.GetString(11), new JobSnapshot(
                        Enum.Parse<JobStatus>(reader.GetString(1)), reader.GetInt32(2), reader.GetDouble(3), reader.GetInt32(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5),
                        reader.IsDBNull(6) ? null : Utc(reader.GetDateTime(6)),
                        reader.IsDBNull(7) ? null : Utc(reader.GetDateTime(7)),
                        reader.IsDBNull(8) ? null : Utc(reader.GetDateTime(8)),
                        reader.IsDBNull(9) ? null : reader.GetString(9),
                        reader.IsDBNull(10) ? null : reader.GetString(10)));
            }
            var batch = EventBatch.Reduce(stored, events, data);
            foreach (var (id, change) in batch.Changes)
            {
                var key = Key(id);
                var state = change.State;
                Bind(s.UpdateJob, "$id", key);
                Bind(s.UpdateJob, "$status", state.Status.ToString());
                Bind(s.UpdateJob, "$attempt", state.Attempt);
                Bind(s.UpdateJob, "$progress", state.Progress);
                Bind(s.UpdateJob, "$workerId", state.WorkerId);
                Bind(s.UpdateJob, "$startedAt", state.StartedAt);
                Bind(s.UpdateJob, "$finishedAt", state.FinishedAt);
                Bind(s.UpdateJob, "$nextAttemptAt", state.NextAttemptAt);
                Bind(s.UpdateJob, "$result", state.Result);
                Bind(s.UpdateJob, "$error", state.Error);
                await s.UpdateJob.ExecuteNonQueryAsync(token);
                foreach (var step in change.Steps)
                {
                    Bind(s.InsertStep, "$jobId", key);
                    Bind(s.InsertStep, "$status", step.Status.ToString());
                    Bind(s.InsertStep, "$at", step.At);
                    Bind(s.InsertStep, "$attempt", step.Attempt);
                    Bind(s.InsertStep, "$workerId", step.WorkerId);
                    Bind(s.InsertStep, "$note", step.Note);
                    await s.InsertStep.ExecuteNonQueryAsync(token);
                }
            }
            return batch.Applied;
        }, cancellationToken);

    public Task MarkPublishedAsync(IReadOnlyCollection<Guid> jobIds, DateTime publishedAt, CancellationToken cancellationToken) =>
        InTransactionAsync(async (s, token) =>
        {
            Bind(s.MarkPublished, "$ids", KeysJson(jobIds));
            Bind(s.MarkPublished, "$at", publishedAt);
            return await s.MarkPublished.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    private async Task<T> InTransactionAsync<T>(Func<Statements, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            _statements ??= await Statements.OpenAsync(connectionString, cancellationToken);
            await using var transaction = _statements.Connection.BeginTransaction(deferred: false);
            _statements.Enlist(transaction);
            var result = await work(_statements, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch
        {
            // A busy or broken connection, a constraint, a cancel: start the next call on a fresh connection.
            if (_statements is not null)
                await _statements.DisposeAsync();
            _statements = null;
            throw;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Sets a prepared statement's parameter; null is SQL NULL.</summary>
    private static void Bind(SqliteCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;

    private static string Key(Guid id) => id.ToString().ToUpperInvariant();

    private static string KeysJson(IEnumerable<Guid> ids)
    {
        var json = new StringBuilder("[");
        foreach (var id in ids)
            json.Append(json.Length == 1 ? "\"" : ",\"").Append(Key(id)).Append('"');
        return json.Append(']').ToString();
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    public async ValueTask DisposeAsync()
    {
        if (_statements is not null)
            await _statements.DisposeAsync();
        _turn.Dispose();
    }

    /// <summary>The connection and its prepared statements, made together and thrown away together.</summary>
    private sealed class Statements(SqliteConnection connection) : IAsyncDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public SqliteCommand InsertJob { get; } = Prepare(connection, """
            INSERT INTO "Jobs" ("Id", "Type", "Queue", "Status", "Payload", "Progress", "Attempt", "MaxAttempts", "TimeoutSeconds", "CreatedAt", "OwnerId", "Owner",
                "Priority", "UniqueKey", "RunAt", "QueuedAt", "Version")
            VALUES ($id, $type, $queue, $status, $payload, $progress, $attempt, $maxAttempts, $timeout, $createdAt, $ownerId, $owner,
                $priority, $uniqueKey, $runAt, $queuedAt, 0)
            """);

        public SqliteCommand InsertIdempotency { get; } = Prepare(connection, """
            INSERT INTO "IdempotencyKeys" ("OwnerId", "Key", "RequestHash", "StatusCode", "Response", "CreatedAt")
            VALUES ($ownerId, $key, $hash, $status, $response, $createdAt)
            """);

        public SqliteCommand ReadStates { get; } = Prepare(connection, """
            SELECT "Id", "Status", "Attempt", "Progress", "MaxAttempts", "WorkerId", "StartedAt", "FinishedAt", "NextAttemptAt", "Result", "Error", "OwnerId"
            FROM "Jobs" WHERE "Id" IN (SELECT value FROM json_each($ids))
            """);

        public SqliteCommand UpdateJob { get; } = Prepare(connection, """
            UPDATE "Jobs" SET "Status" = $status, "Attempt" = $attempt, "Progress" = $progress, "WorkerId" = $workerId,
                "StartedAt" = $startedAt, "FinishedAt" = $finishedAt, "NextAttemptAt" = $nextAttemptAt, "Result" = $result,
                "Error" = $error, "Version" = "Version" + 1
            WHERE "Id" = $id
            """);

        public SqliteCommand InsertStep { get; } = Prepare(connection, """
            INSERT INTO "JobTimeline" ("JobId", "Status", "At", "Attempt", "WorkerId", "Note")
            VALUES ($jobId, $status, $at, $attempt, $workerId, $note)
            """);

        public SqliteCommand MarkPublished { get; } = Prepare(connection, """
            UPDATE "Jobs" SET "PublishedAt" = $at WHERE "Id" IN (SELECT value FROM json_each($ids))
            """);

        private IEnumerable<SqliteCommand> All => [InsertJob, InsertIdempotency, ReadStates, UpdateJob, InsertStep, MarkPublished];

        public static async Task<Statements> OpenAsync(string connectionString, CancellationToken cancellationToken)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                return new Statements(connection);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public void Enlist(SqliteTransaction transaction)
        {
            foreach (var command in All)
                command.Transaction = transaction;
        }

        /// <summary>Parameters are named in the text (<c>$name</c>) and added once; each use only sets their values.</summary>
        private static SqliteCommand Prepare(SqliteConnection connection, string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (System.Text.RegularExpressions.Match name in System.Text.RegularExpressions.Regex.Matches(sql, @"\$\w+"))
            {
                if (!command.Parameters.Contains(name.Value))
                    command.Parameters.Add(new SqliteParameter(name.Value, null));
            }
            return command;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in All)
                await command.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
