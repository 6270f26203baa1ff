using JobQueue.Dashboard.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using UserAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Created<JobQueue.Dashboard.Identity.UserDto>,
    Microsoft.AspNetCore.Http.HttpResults.Ok<JobQueue.Dashboard.Identity.UserDto>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

namespace JobQueue.Dashboard.Identity;

public sealed record SetRoleRequest(string? Role);
