using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Identity;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.Workers;

public sealed record SetConcurrencyRequest(int? Concurrency);
