using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

// Every integration test family that exercises the database runs twice: on the standing SQLite system (the family's
// own class) and, through these subclasses, on the standing PostgreSQL system. One list, so the families on both are
// seen at a glance.

[Collection(PostgresSystemTests.Name)]
public sealed class JobPathOnPostgres(PostgresJobQueueSystem system) : JobPathTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class RecorderOnPostgres(PostgresJobQueueSystem system) : RecorderTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class CancelOnPostgres(PostgresJobQueueSystem system) : CancelTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class RetryOnPostgres(PostgresJobQueueSystem system) : RetryTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class IdempotencyOnPostgres(PostgresJobQueueSystem system) : IdempotencyTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class BatchSubmitOnPostgres(PostgresJobQueueSystem system) : BatchSubmitTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class DeadLetterOnPostgres(PostgresJobQueueSystem system) : DeadLetterTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class QueueAdministrationOnPostgres(PostgresJobQueueSystem system) : QueueAdministrationTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class QueueControlOnPostgres(PostgresJobQueueSystem system) : QueueControlTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class AuthOnPostgres(PostgresJobQueueSystem system) : AuthTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class MonitorOnPostgres(PostgresJobQueueSystem system) : MonitorTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class DelayedJobsOnPostgres(PostgresJobQueueSystem system) : DelayedJobTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class UniqueJobsOnPostgres(PostgresJobQueueSystem system) : UniqueJobTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class JobLogOnPostgres(PostgresJobQueueSystem system) : JobLogTests(system);

[Collection(PostgresSystemTests.Name)]
public sealed class BulkJobOnPostgres(PostgresJobQueueSystem system) : BulkJobTests(system);
