package io.riberry.platform.api;

import io.riberry.platform.auth.Access;
import io.riberry.platform.http.ApiException;
import io.riberry.platform.query.ExecutionQueries;
import io.riberry.platform.query.JobQueries;
import io.riberry.schema.FormRole;
import io.riberry.schema.internal.ArtifactStatus;

/**
 * The API's access rules in one place. What a principal may not see is answered exactly as what
 * does not exist (404 with the same message), so an id tells nothing about other teams' work;
 * what it sees but may not do is 403.
 */
final class Visibility {

    private Visibility() {
    }

    /** 404 unless the execution exists and its form is one {@code access} sees. */
    static void requireExecution(final Access access, final ExecutionQueries executions, final String executionId) {
        if (access.administrator()) {
            return;
        }
        executions.execution(executionId).get(executionId).filter(execution -> access.canSeeForm(execution.getForm()))
                .orElseThrow(() -> ApiException.notFound("no execution " + executionId));
    }

    /** 404 unless the artifact's execution is one {@code access} sees (an artifact whose manifest has not arrived is nobody's yet). */
    static void requireArtifact(final Access access, final ExecutionQueries executions, final String artifactId, final ArtifactStatus status) {
        if (access.administrator()) {
            return;
        }
        if (status.getManifest() == null) {
            throw ApiException.notFound("no artifact " + artifactId);
        }
        final String executionId = status.getManifest().getExecutionId();
        executions.execution(executionId).get(executionId).filter(execution -> access.canSeeForm(execution.getForm()))
                .orElseThrow(() -> ApiException.notFound("no artifact " + artifactId));
    }

    static boolean canSeeJob(final Access access, final JobQueries jobs, final String jobId) {
        return access.administrator()
                || jobs.job(jobId).get(jobId).map(job -> access.canSeeForm(job.getJob().getForm())).orElse(false);
    }

    /** 403 unless {@code access} holds at least {@code role} on {@code form}, which it already sees. */
    static void requireMayAct(final Access access, final String form, final FormRole role, final String what) {
        if (!access.may(form, role)) {
            throw ApiException.forbidden(access.principal().subject() + " may not " + what + " form " + form
                    + " (it needs the " + role.name().toLowerCase(java.util.Locale.ROOT) + " role through a group)");
        }
    }
}
