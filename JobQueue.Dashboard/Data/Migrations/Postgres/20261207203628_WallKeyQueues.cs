using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JobQueue.Dashboard.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WallKeyQueues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Queues",
                table: "WallKeys",
                type: "text",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Queues",
                table: "WallKeys");
        }
    }
}
