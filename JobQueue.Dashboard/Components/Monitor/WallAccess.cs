using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Monitor;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace JobQueue.Dashboard.Components.Monitor;

public enum WallAccess
{
    Checking,
    Granted,
    Denied,
}
