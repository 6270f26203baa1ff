using JobQueue.Dashboard.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JobQueue.Dashboard.Data.Migrations.Sqlite
{
    /// <summary>
    /// A job's submit is no longer stored as a timeline entry (it follows from the job's CreatedAt): the entries stored
    /// before would show twice. Data only; the model is unchanged.
    /// </summary>
    [DbContext(typeof(SqliteJobQueueDbContext))]
    [Migration("20261201130000_SubmitImpliedByCreatedAt")]
    public partial class SubmitImpliedByCreatedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("""DELETE FROM "JobTimeline" WHERE "Status" = 'Queued' AND "Attempt" = 1 AND "Note" IS NULL""");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("""INSERT INTO "JobTimeline" ("JobId", "Status", "At", "Attempt") SELECT "Id", 'Queued', "CreatedAt", 1 FROM "Jobs" """);
    }
}
