using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// The attacks of the trust-boundary probe, each as it was written, against the running dashboard: a worker key's
/// advertised schema, a user's payload against such a schema, and enum-shaped inputs. Each is refused with a 4xx that
/// says why, changes nothing, and the dashboard goes on (same process, /health answering throughout).
/// </summary>
[Collection(SystemTests.Name)]
public class HostileInputTests(JobQueueSystem system)
{
    private static readonly string[] RecursiveSchemas = ["""{"$ref":"#"}""", """{"if":{"type":"object"},"then":{"$ref":"#"}}"""];

    private static readonly string[] BulkRoutes = ["/api/jobs/bulk", "/api/jobs/bulk/count"];

    private static readonly string[] UndocumentedActions = ["deleteDeadLetters", "DeleteDeadLetters", "3", "0", "1", "cancel, retry", "Cancel,Delete", " cancel"];

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Advertisement(string workerId, string name, string schema) =>
        "{\"workerId\":\"" + workerId + "\",\"types\":[{\"name\":\"" + name + "\",\"schema\":" + schema + ",\"defaultTimeoutSeconds\":30,\"defaultMaxAttempts\":1}]}";

    /// <summary>Polls /health while <paramref name="attack"/> runs: every answer must be 200, and the process the same.</summary>
    private async Task WhileHealthyAsync(Func<Task> attack)
    {
        var pid = system.Dashboard.Pid;
        using var probe = new HttpClient { BaseAddress = system.DashboardUrl, Timeout = TimeSpan.FromSeconds(10) };
        using var stop = new CancellationTokenSource();
        var answers = 0;
        var watching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var health = await probe.GetAsync(new Uri("/health", UriKind.Relative));
                health.StatusCode.ShouldBe(HttpStatusCode.OK, "/health during the attack");
                answers++;
                await Task.Delay(50);
            }
        });
        await attack();
        await stop.CancelAsync();
        await watching;
        answers.ShouldBeGreaterThan(0);
        system.Dashboard.HasExited.ShouldBeFalse(system.Dashboard.Output);
        system.Dashboard.Pid.ShouldBe(pid);
        using var after = await probe.GetAsync(new Uri("/health", UriKind.Relative));
        after.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AdvertisedSchema_ThatRefersToItself_IsRefusedWith400_AndTheDashboardLivesOn()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("hostile");
        var key = await HttpWorkerClient.CreateKeyAsync(admin, "one-queue", [queue]);
        using var worker = new HttpWorkerClient(system.DashboardUrl, key, "w");

        await WhileHealthyAsync(async () =>
        {
            // Each ended the process ("Stack overflow.", exit 134) before.
            foreach (var schema in RecursiveSchemas)
            {
                using var answer = await worker.Http.PostAsync(new Uri("/api/job-types", UriKind.Relative), Json(Advertisement("w", "t", schema)));
                var body = await answer.Content.ReadAsStringAsync();
                answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
                body.ShouldContain("\"types[0]\":[\"t: The schema is recursive");
            }
        });
        (await admin.GetJobTypesAsync()).ShouldNotContain(t => t.Name == "t");
    }

    /// <summary>
    /// Generated hostile schemas advertised through the worker key route, and generated hostile payloads submitted
    /// against those taken: every answer is a 2xx or a 4xx (never a 5xx), within a bound, with the dashboard alive.
    /// </summary>
    [Fact]
    public async Task Generated_HostileSchemasAndPayloads_AtTheAdvertiseAndSubmitRoutes_AnswerWithoutA5xx()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("generated");
        var key = await HttpWorkerClient.CreateKeyAsync(admin, "generated", [queue]);
        using var worker = new HttpWorkerClient(system.DashboardUrl, key, "generated-worker");
        using var user = await system.NewUserAsync();
        var random = new Random(2029);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (taken, refused, submits) = (0, 0, 0);
        await WhileHealthyAsync(async () =>
        {
            for (var round = 0; round < 40; round++)
            {
                var schema = HostileJson.Schema(random);
                if (schema.Length > JobQueue.Dashboard.HttpWorkers.JobTypeAdvertisingEndpoints.MaxBodyBytes - 1024)
                    continue;
                var name = $"gen_{round}_{suffix}";
                var clock = Stopwatch.StartNew();
                using var advertised = await worker.Http.PostAsync(new Uri("/api/job-types", UriKind.Relative), Json(Advertisement("generated-worker", name, schema)));
                ((int)advertised.StatusCode).ShouldBeLessThan(500, await advertised.Content.ReadAsStringAsync());
                clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), $"advertising round {round}");
                if (advertised.StatusCode != HttpStatusCode.OK)
                {
                    advertised.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
                    refused++;
                    continue;
                }
                taken++;
                for (var i = 0; i < 3; i++)
                {
                    clock.Restart();
                    using var submitted = await user.PostJsonAsync("/api/jobs", "{\"type\":\"" + name + "\",\"queue\":\"" + queue + "\",\"payload\":" + HostileJson.Payload(random) + "}");
                    ((int)submitted.StatusCode).ShouldBeLessThan(500, await submitted.Content.ReadAsStringAsync());
                    clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), $"submit of round {round}");
                    submits++;
                }
            }
        });
        (taken, refused).ShouldSatisfyAllConditions(() => taken.ShouldBeGreaterThan(3), () => refused.ShouldBeGreaterThan(3));
        submits.ShouldBe(taken * 3);
    }

    [Fact]
    public async Task Submit_AgainstASchemaBuiltToStallIt_IsAnsweredAtOnce()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("costly");
        var key = await HttpWorkerClient.CreateKeyAsync(admin, "costly-types", [queue]);
        using var worker = new HttpWorkerClient(system.DashboardUrl, key, "costly-worker");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var anyOf = string.Join(",", Enumerable.Range(0, 300).Select(i => "{\"type\":\"integer\",\"minimum\":" + i + "}"));
        var types = new Dictionary<string, string>
        {
            ["redos_" + suffix] = """{"type":"object","properties":{"name":{"type":"string","pattern":"^(a+)+$"}}}""",
            ["words_" + suffix] = """{"type":"object","properties":{"name":{"type":"string","pattern":"^([a-z]+\\s?)+$"}}}""",
            ["unique_" + suffix] = """{"type":"object","properties":{"ids":{"type":"array","uniqueItems":true}}}""",
            ["anyof_" + suffix] = "{\"type\":\"object\",\"properties\":{\"ids\":{\"type\":\"array\",\"items\":{\"anyOf\":[" + anyOf + "]}}}}",
        };
        foreach (var (name, schema) in types)
        {
            using var advertised = await worker.Http.PostAsync(new Uri("/api/job-types", UriKind.Relative), Json(Advertisement("costly-worker", name, schema)));
            advertised.StatusCode.ShouldBe(HttpStatusCode.OK, await advertised.Content.ReadAsStringAsync());
        }
        using var user = await system.NewUserAsync();
        var numbers = "[" + string.Join(",", Enumerable.Range(0, 10_000)) + "]";
        var attacks = new (string Type, string Payload, string Said)[]
        {
            // 4.3 s and 5.9 s of one core each before; 3.45 s; 6.2 s.
            ("redos_" + suffix, """{"name":"aaaaaaaaaaaaaaaaaaaaaaaaaa!"}""", "name must match the pattern"),
            ("words_" + suffix, """{"name":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"}""", "name must match the pattern"),
            ("unique_" + suffix, "{\"ids\":" + numbers + "}", "The payload is too costly to check"),
            ("anyof_" + suffix, "{\"ids\":" + "[" + string.Join(",", Enumerable.Range(0, 5_000)) + "]}", "The payload is too costly to check"),
        };
        await WhileHealthyAsync(async () =>
        {
            foreach (var (type, payload, said) in attacks)
            {
                var clock = Stopwatch.StartNew();
                using var answer = await user.PostJsonAsync("/api/jobs", "{\"type\":\"" + type + "\",\"queue\":\"" + queue + "\",\"payload\":" + payload + "}");
                var took = clock.Elapsed;
                var body = await answer.Content.ReadAsStringAsync();
                answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
                body.ShouldContain(said);
                // A bound on a shared machine, not a speed check: each took seconds of CPU before.
                took.ShouldBeLessThan(TimeSpan.FromSeconds(2), type);
            }
        });
        // What the schemas allow is still taken.
        (await user.SubmitAsync("redos_" + suffix, """{"name":"aaaa"}""", queue)).Type.ShouldBe("redos_" + suffix);
        (await user.SubmitAsync("unique_" + suffix, """{"ids":[1,2,3]}""", queue)).Type.ShouldBe("unique_" + suffix);
    }

    [Fact]
    public async Task KeyAdvertisements_TakeOnlyTypesOfTheirOwn_AndEveryChangeIsAudited()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("owners");
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var teamType = "team_" + suffix;
        var teamKey = await HttpWorkerClient.CreateKeyAsync(admin, "team-" + suffix, [queue]);
        var otherKey = await HttpWorkerClient.CreateKeyAsync(admin, "other-" + suffix, [queue]);
        var grantedKey = await HttpWorkerClient.CreateKeyAsync(admin, "granted-" + suffix, [queue], [teamType]);
        using var team = new HttpWorkerClient(system.DashboardUrl, teamKey, "team-worker");
        using var other = new HttpWorkerClient(system.DashboardUrl, otherKey, "other-worker");
        using var granted = new HttpWorkerClient(system.DashboardUrl, grantedKey, "granted-worker");
        static string Type(string name, int timeout, int attempts, string schema = """{"type":"string","maxLength":100}""") =>
            "{\"workerId\":\"w\",\"types\":[{\"name\":\"" + name + "\",\"schema\":" + schema + ",\"defaultTimeoutSeconds\":" + timeout + ",\"defaultMaxAttempts\":" + attempts + "}]}";
        async Task<(HttpStatusCode, string)> AdvertiseAsync(HttpWorkerClient worker, string body)
        {
            using var answer = await worker.Http.PostAsync(new Uri("/api/job-types", UriKind.Relative), Json(body));
            return (answer.StatusCode, await answer.Content.ReadAsStringAsync());
        }
        var before = (await admin.GetJobTypesAsync()).Single(t => t.Name == "reverse_string");

        // The probe's key, limited to one queue, re-advertised reverse_string with "schema": true, a day and 10 attempts.
        var (status, body) = await AdvertiseAsync(team, Type("reverse_string", 86_400, 10, "true"));
        (status, body).ShouldSatisfyAllConditions(() => status.ShouldBe(HttpStatusCode.Forbidden), () => body.ShouldContain("built-in job type"));
        var after = (await admin.GetJobTypesAsync()).Single(t => t.Name == "reverse_string");
        (after.DefaultTimeoutSeconds, after.DefaultMaxAttempts, after.Schema.GetRawText()).ShouldBe((before.DefaultTimeoutSeconds, before.DefaultMaxAttempts, before.Schema.GetRawText()));

        // A new type is its first advertiser's; another key without a list cannot take it over; a key that lists it may.
        (status, body) = await AdvertiseAsync(team, Type(teamType, 30, 1));
        status.ShouldBe(HttpStatusCode.OK, body);
        (await admin.GetJobTypesAsync()).Single(t => t.Name == teamType).Owner.ShouldStartWith("key:");
        (status, body) = await AdvertiseAsync(other, Type(teamType, 86_400, 10, """{"type":"string","maxLength":3}"""));
        (status, body).ShouldSatisfyAllConditions(() => status.ShouldBe(HttpStatusCode.Forbidden), () => body.ShouldContain($"belongs to the worker key 'team-{suffix}'"));
        (await admin.GetJobTypesAsync()).Single(t => t.Name == teamType).DefaultTimeoutSeconds.ShouldBe(30);
        (status, body) = await AdvertiseAsync(granted, Type(teamType, 60, 2));
        status.ShouldBe(HttpStatusCode.OK, body);
        // Saying the same again changes nothing and records nothing.
        (status, _) = await AdvertiseAsync(granted, Type(teamType, 60, 2));
        status.ShouldBe(HttpStatusCode.OK);

        var entries = (await admin.Http.GetFromJsonAsync<JobQueue.Dashboard.Audit.AuditPage>($"/api/audit?target={teamType}", ApiClient.Json))!.Items
            .Where(e => e.Target == teamType).OrderBy(e => e.At).ToList();
        entries.Select(e => e.Action).ShouldBe(["job-type.added", "job-type.changed"]);
        entries[0].Actor.ShouldBe($"worker key 'team-{suffix}' (worker w)");
        entries[0].Via.ShouldBe("api");
        entries[1].Actor.ShouldBe($"worker key 'granted-{suffix}' (worker w)");
        entries[1].Details.ShouldBe("timeout 30 s -> 60 s; attempts 1 -> 2");
    }

    [Fact]
    public async Task TypeFilteredFetches_NeverSpendAnotherJobsDeliveries()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("shared");
        using var user = await system.NewUserAsync();
        var waiting = await user.SubmitAsync("reverse_string", "\"not yours\"", queue);
        var onlyMine = await HttpWorkerClient.CreateKeyAsync(admin, "only-mine", [queue], ["only_mine"]);
        using var foreign = new HttpWorkerClient(system.DashboardUrl, onlyMine, "foreign-fetcher");

        // The queue's delivery limit is 10: each of these fetches looks at the waiting job and leaves it. Put back with
        // a nack, the job was dead-lettered ("delivered more times than the delivery limit allows") after ten.
        for (var i = 0; i < 15; i++)
        {
            var (status, job, body) = await foreign.FetchAsync(queue);
            status.ShouldBe(HttpStatusCode.NoContent, body);
            job.ShouldBeNull();
        }
        (await user.GetAsync(waiting.Id)).Status.ShouldBe(JobQueue.Shared.Contracts.JobStatus.Queued);

        // Still there, whole: a key that runs any type gets it, as its first attempt.
        var anyType = await HttpWorkerClient.CreateKeyAsync(admin, "any-type", [queue]);
        using var runner = new HttpWorkerClient(system.DashboardUrl, anyType, "runner");
        var fetched = await runner.FetchJobAsync(queue, TimeSpan.FromSeconds(20));
        (fetched.JobId, fetched.Attempt).ShouldBe((waiting.Id, 1));
        (await runner.AckAsync(waiting.Id, result: "sruoy ton")).Status.ShouldBe(HttpStatusCode.OK);
        (await user.WaitForStatusAsync(waiting.Id, JobQueue.Shared.Contracts.JobStatus.Succeeded)).Attempt.ShouldBe(1);
    }

    [Fact]
    public async Task HttpWorkers_FetchNothingFromAPausedQueue_UntilItIsResumed()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("paused");
        using var user = await system.NewUserAsync();
        var key = await HttpWorkerClient.CreateKeyAsync(admin, "paused-reader", [queue]);
        using var worker = new HttpWorkerClient(system.DashboardUrl, key, "paused-reader");
        (await admin.Http.PostAsync(new Uri($"/api/queues/{queue}/pause", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var job = await user.SubmitAsync("reverse_string", "\"paused\"", queue);

        var (status, fetched, body) = await worker.FetchAsync(queue, waitSeconds: 1);
        (status, fetched).ShouldBe((HttpStatusCode.NoContent, null), body);
        (await user.GetAsync(job.Id)).Status.ShouldBe(JobQueue.Shared.Contracts.JobStatus.Queued);

        (await admin.Http.PostAsync(new Uri($"/api/queues/{queue}/resume", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await worker.FetchJobAsync(queue, TimeSpan.FromSeconds(20))).JobId.ShouldBe(job.Id);
    }

    [Fact]
    public async Task AdminActions_OnOtherUsersJobsAndRecurringJobs_AreAudited()
    {
        using var admin = await system.SignInAsAdminAsync();
        using var user = await system.NewUserAsync();
        var queue = await system.NewQueueAsync("audited");
        var own = await user.SubmitAsync("reverse_string", "\"mine\"", queue);
        var theirs = await user.SubmitAsync("reverse_string", "\"theirs\"", queue);
        (await user.CancelAsync(own.Id)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await admin.CancelAsync(theirs.Id)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var name = "audited-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await user.PostJsonAsync("/api/recurring", "{\"name\":\"" + name + "\",\"cron\":\"0 0 1 1 *\",\"job\":{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"" + queue + "\"}}");
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        (await user.Http.PostAsync(new Uri($"/api/recurring/{id}/pause", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Http.PostAsync(new Uri($"/api/recurring/{id}/resume", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.Http.DeleteAsync(new Uri($"/api/recurring/{id}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        async Task<List<JobQueue.Dashboard.Audit.AuditEntryDto>> EntriesAsync(string action, string target) =>
            (await admin.Http.GetFromJsonAsync<JobQueue.Dashboard.Audit.AuditPage>($"/api/audit?action={action}&target={Uri.EscapeDataString(target)}", ApiClient.Json))!
                .Items.ToList();
        var cancelled = (await EntriesAsync("job.cancelled", theirs.Id.ToString())).ShouldHaveSingleItem();
        (cancelled.Actor, cancelled.Via).ShouldBe((JobQueueSystem.AdminEmail, "api"));
        cancelled.Details.ShouldNotBeNull().ShouldContain($"owner {user.Email}");
        (await EntriesAsync("job.cancelled", own.Id.ToString())).ShouldBeEmpty("a user's cancel of their own job is not an admin action");
        (await EntriesAsync("recurring.paused", name)).ShouldBeEmpty("the owner paused it");
        (await EntriesAsync("recurring.resumed", name)).ShouldHaveSingleItem().Actor.ShouldBe(JobQueueSystem.AdminEmail);
        (await EntriesAsync("recurring.deleted", name)).ShouldHaveSingleItem().Details.ShouldBe($"owner {user.Email}");
    }

    [Fact]
    public async Task AKey_CannotTakeTheIdOfAWorkerOnTheBroker()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("impostor");
        var key = await HttpWorkerClient.CreateKeyAsync(admin, "impostor", [queue]);
        // The probe's key showed up on the Workers page as a running .NET worker by using its id.
        var amqpWorker = system.WorkerId("worker-1");
        await admin.WaitForWorkerAsync(amqpWorker, w => w.State == JobQueue.Dashboard.Workers.WorkerDisplayState.Active, "the broker worker online");
        using var impostor = new HttpWorkerClient(system.DashboardUrl, key, amqpWorker);
        var (status, _, body) = await impostor.FetchAsync(queue);
        status.ShouldBe(HttpStatusCode.Conflict, body);
        body.ShouldContain($"Worker id '{amqpWorker}' is a worker's on the broker");
    }

    [Fact]
    public async Task EnumShapedInputs_TakeOnlyTheirDocumentedNames()
    {
        using var user = await system.NewUserAsync();
        async Task RefusedAsync(string path, string body, string field, string said)
        {
            using var answer = await user.PostJsonAsync(path, body);
            var text = await answer.Content.ReadAsStringAsync();
            answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{path} {body}: {text}");
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            errors.TryGetProperty(field, out var messages).ShouldBeTrue(text);
            messages[0].GetString().ShouldNotBeNull().ShouldContain(said);
        }

        // A plain user emptied every dead letter with this (202) and counted everyone's with /count.
        foreach (var path in BulkRoutes)
        {
            foreach (var action in UndocumentedActions)
                await RefusedAsync(path, "{\"action\":" + JsonSerializer.Serialize(action) + ",\"filter\":{}}", "action", "The action is one of cancel, retry, delete");
            await RefusedAsync(path, """{"action":"cancel","filter":{"status":"2"}}""", "filter.status", "Unknown status '2'");
        }
        using (var deleteAll = await user.Http.DeleteAsync(new Uri("/api/dead-letters", UriKind.Relative)))
            deleteAll.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // The documented names still work.
        using (var counted = await user.PostJsonAsync("/api/jobs/bulk/count", """{"action":"Cancel","filter":{}}"""))
            counted.StatusCode.ShouldBe(HttpStatusCode.OK);

        await RefusedAsync("/api/jobs", """{"type":"reverse_string","payload":"x","priority":"1"}""", "priority", "priority is high, normal or low");
        await RefusedAsync("/api/jobs", """{"type":"reverse_string","payload":"x","priority":"high, low"}""", "priority", "priority is high, normal or low");
        using (var status = await user.Http.GetAsync(new Uri("/api/jobs?status=3", UriKind.Relative)))
            status.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
