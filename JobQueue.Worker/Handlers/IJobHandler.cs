namespace JobQueue.Worker.Handlers;

/// <summary>
/// Runs one job type. Declare the type with <see cref="JobTypeAttribute"/> on the class and register it with
/// <c>builder.AddJobQueueWorker().AddJobHandler&lt;THandler&gt;()</c>: the worker advertises the type with the JSON
/// Schema of <typeparamref name="TPayload"/>, checks every payload against it, binds it, and publishes the result.
/// A handler is resolved from a DI scope of its own for each job, so it may take scoped services.
/// </summary>
/// <typeparam name="TPayload">
/// The payload: a record (its constructor parameters without defaults are required) or a plain value (a string, a
/// number). DataAnnotations on its properties, or on the payload parameter of <see cref="RunAsync"/>, become the
/// schema's rules: <c>[Range]</c>, <c>[StringLength]</c>, <c>[MinLength]</c>, <c>[MaxLength]</c>, <c>[Length]</c>,
/// <c>[RegularExpression]</c>, <c>[AllowedValues]</c>, <c>[EmailAddress]</c>, <c>[Url]</c>, <c>[Required]</c>,
/// <c>[Description]</c> and <c>[Display(Name = ...)]</c> (a field's label in the dashboard's form).
/// </typeparam>
/// <typeparam name="TResult">The result: a string is shown as it is; anything else as its JSON.</typeparam>
public interface IJobHandler<in TPayload, TResult>
{
    /// <param name="cancellationToken">Cancelled when the job is cancelled, times out, or the worker shuts down.</param>
    /// <returns>The job's result. Throw to fail the attempt (it is retried while attempts remain); throw
    /// <see cref="InvalidPayloadException"/> when running again cannot help.</returns>
    Task<TResult> RunAsync(TPayload payload, JobContext context, CancellationToken cancellationToken);
}
