using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JobQueue.Dashboard.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DelayedPrioritizedUniqueJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Jobs_Unpublished",
                table: "Jobs");

            migrationBuilder.AddColumn<string>(
                name: "Priority",
                table: "Jobs",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "Normal");

            migrationBuilder.AddColumn<DateTime>(
                name: "QueuedAt",
                table: "Jobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RunAt",
                table: "Jobs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UniqueKey",
                table: "Jobs",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            // Jobs stored before this migration became Queued when they were created: the outbox sweeper's clock.
            migrationBuilder.Sql("UPDATE \"Jobs\" SET \"QueuedAt\" = \"CreatedAt\" WHERE \"Status\" = 'Queued'");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Due",
                table: "Jobs",
                column: "RunAt",
                filter: "\"Status\" = 'Scheduled'");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_FinishedAt",
                table: "Jobs",
                column: "FinishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_UniqueKey",
                table: "Jobs",
                columns: new[] { "OwnerId", "UniqueKey" },
                unique: true,
                filter: "\"UniqueKey\" IS NOT NULL AND \"Status\" IN ('Scheduled', 'Queued', 'Running', 'Cancelling', 'Retrying')");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Unpublished",
                table: "Jobs",
                column: "QueuedAt",
                filter: "\"PublishedAt\" IS NULL AND \"Status\" = 'Queued'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Jobs_Due",
                table: "Jobs");

            migrationBuilder.DropIndex(
                name: "IX_Jobs_FinishedAt",
                table: "Jobs");

            migrationBuilder.DropIndex(
                name: "IX_Jobs_UniqueKey",
                table: "Jobs");

            migrationBuilder.DropIndex(
                name: "IX_Jobs_Unpublished",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "Priority",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "QueuedAt",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "RunAt",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "UniqueKey",
                table: "Jobs");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Unpublished",
                table: "Jobs",
                column: "CreatedAt",
                filter: "\"PublishedAt\" IS NULL");
        }
    }
}
