using Atra.Modules.Shared.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Atra.Host.Platform.Errors;

/// <summary>
/// The one place exceptions become answers: RFC 9457 problem details, the client's mistakes as 4xx, anything
/// unexpected as a bare 500. No stack trace or exception message of an unexpected failure reaches a client.
/// </summary>
internal sealed partial class AtraExceptionHandler(IProblemDetailsService problemDetails, ILogger<AtraExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case AtraProblem known:
                problem = known.Errors is { } errors
                    ? new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal)) { Status = known.StatusCode, Title = known.Title, Detail = known.Message }
                    : new ProblemDetails { Status = known.StatusCode, Title = known.Title, Detail = known.Message };
                break;
            case BadHttpRequestException bad:
                // Malformed JSON, a wrong type, a body over the size limit: the client's mistake, said plainly.
                problem = new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = ClientSafeMessage(bad) };
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                problem = new ProblemDetails { Status = 499, Title = "Client closed the request" };
                break;
            default:
                LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
                problem = new ProblemDetails { Status = 500, Title = "An unexpected error occurred", Detail = "The error was logged; the trace id identifies it." };
                break;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        problem.Extensions["trace_id"] = httpContext.TraceIdentifier;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        }).ConfigureAwait(false);
    }

    private static string ClientSafeMessage(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException json
            ? $"The request body is not valid JSON for this endpoint (at {json.Path ?? "$"}, line {json.LineNumber + 1})."
            : bad.Message;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
