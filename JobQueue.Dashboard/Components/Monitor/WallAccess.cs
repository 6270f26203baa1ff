namespace JobQueue.Dashboard.Components.Monitor;

public enum WallAccess
{
    Checking,
    Granted,
    Denied,
}
