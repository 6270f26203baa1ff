using JobQueue.Dashboard.Api;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Identity;

public sealed record LoginRequest(string? Email, string? Password);
