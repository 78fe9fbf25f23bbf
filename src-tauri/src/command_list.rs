//! The one list of the app's commands. It feeds the invoke handler and the TypeScript bindings
//! (lib.rs) and the generated permissions (build.rs, which includes this file by path), so a
//! command cannot be callable without a permission or permitted without being listed.
//! Destructive commands (they delete or kill; later prune and down) are listed apart: they get
//! their own permission set, which a capability must name to allow them.

/// Calls `$then!` with the commands as `module::command` paths under `commands::`.
macro_rules! app_commands {
    ($then:ident) => {
        $then! {
            everyday: [
                engine::engine_status,
                engine::engine_info,
                engine::engine_disk_usage,
                engine::engine_endpoints,
                engine::engine_retry,
                engine::engine_use_endpoint,
                engine::engine_switch,
                engine::engine_choices,
                engine::settings_problem,
                engine::app_first_paint,
                app::app_memory,
                cli::docker_line,
                settings::settings_get,
                settings::settings_set_theme,
                settings::settings_set_last_view,
                settings::settings_set_list_view,
                contexts::context_list,
                contexts::context_create,
                contexts::context_update,
                contexts::context_remove_preview,
                contexts::context_use,
                contexts::context_connect,
                contexts::context_command,
                contexts::context_tls_choose,
                containers::container_list,
                containers::container_inspect,
                containers::container_action_preview,
                containers::container_removal_preview,
                containers::container_start,
                containers::container_stop,
                containers::container_restart,
                containers::container_pause,
                containers::container_unpause,
                containers::container_rename,
                containers::container_wait,
                containers::port_open,
                learn::learn_lessons,
                learn::learn_open,
                learn::learn_start,
                learn::learn_check,
                learn::learn_do,
                learn::learn_step_done,
                learn::learn_finish_preview,
                learn::learn_import_text,
                learn::learn_import_choose,
                learn::learn_export_choose,
                inside::stats_follow,
                inside::stats_glance,
                inside::container_top,
                inside::container_changes,
                inside::inside_commands,
                inside::stats_command,
                container_files::container_files_list,
                container_files::container_file_peek,
                container_files::container_files_command,
                container_files::container_files_choose,
                container_files::container_copy_from,
                container_files::container_copy_to,
                export::container_export_command,
                export::container_export_choose,
                export::container_export,
                build::image_build_command,
                build::build_context_summary,
                build::image_build,
                compose::compose_load,
                compose::compose_up_command,
                compose::compose_up,
                stacks::stack_load,
                stacks::stack_deploy_command,
                stacks::stack_deploy,
                stacks::stack_list,
                stacks::stack_services,
                stacks::stack_remove_preview,
                image_archive::image_save_command,
                image_archive::image_save_choose,
                image_archive::image_save,
                image_archive::image_file_choose,
                image_archive::image_load_command,
                image_archive::image_load,
                image_archive::image_import_preview,
                image_archive::image_import,
                image_archive::image_search_command,
                image_archive::image_search,
                run::container_run_preview,
                run::container_run,
                run::container_parse_run,
                run::container_run_flag_help,
                run::container_run_choices,
                run::container_update_preview,
                run::container_update,
                run::container_commit_preview,
                run::container_commit,
                run::container_env_lines,
                run::container_env_file,
                run::container_choose_folder,
                run::container_recreate_plan,
                run::container_recreate,
                events::events_follow,
                events::stream_cancel,
                pull::image_pull_command,
                pull::image_pull,
                pull::image_push_command,
                pull::image_push,
                images::image_list,
                images::image_inspect,
                images::image_tag_preview,
                images::image_tag,
                images::image_remove_preview,
                images::image_prune_preview,
                services::service_list,
                services::service_inspect,
                services::service_create_command,
                services::service_update_command,
                services::service_scale_command,
                services::service_rollback_command,
                services::service_tasks_command,
                services::service_logs_command,
                services::service_create,
                services::service_update,
                services::service_rollback,
                services::service_scale,
                services::service_remove_preview,
                services::service_tasks,
                services::service_log_sources,
                services::service_logs,
                networks::network_list,
                networks::network_inspect,
                networks::network_create_preview,
                networks::network_create,
                networks::network_connect_preview,
                networks::network_connect,
                networks::network_disconnect,
                networks::network_prune_preview,
                networks::network_remove_command,
                volume_files::volume_files_list,
                volume_files::volume_files_commands,
                volume_files::volume_files_choose,
                volume_files::volume_copy_from,
                volume_files::volume_copy_to,
                volume_files::volume_backup,
                volumes::volume_list,
                volumes::volume_sizes,
                volumes::volume_inspect,
                volumes::volume_create_preview,
                volumes::volume_create,
                volumes::volume_remove_command,
                volumes::volume_prune_preview,
                topology::network_topology,
                topology::network_reach,
                ports::ports_list,
                namespaces::container_namespaces,
                namespaces::namespaces_oom_try_it,
                disk::system_disk_usage,
                disk::system_prune_preview,
                events_page::events_page_follow,
                events_page::events_query,
                events_page::events_command,
                events_page::events_export_choose,
                events_page::events_export,
                logs::logs_follow,
                logs::logs_sources,
                logs::logs_page,
                logs::logs_command,
                logs::logs_save_choose,
                logs::logs_save,
                exec::exec_preview,
                exec::attach_command,
                exec::container_exec,
                exec::container_attach,
                exec::exec_input,
                exec::exec_resize,
                registry_browse::registry_catalog,
                registry_browse::registry_tags,
                registry_browse::registry_manifest,
                registry_browse::registry_delete_preview,
                registries::registry_home,
                registries::registry_plain_http,
                registries::registry_login_preview,
                registries::registry_login,
                registries::registry_logout_command,
                registries::registry_logout,
                registries::registry_local_preview,
                registries::registry_local_start,
                image_layers::image_history,
                image_layers::image_layers,
                dockerfiles::dockerfile_choose_folder,
                compose_files::compose_choose_file,
                compose_files::compose_command_line,
                dockerfiles::dockerfile_folder_files,
                dockerfiles::file_read,
                dockerfiles::file_save,
                dockerfiles::window_close,
                dockerfiles::dockerfile_parse,
                dockerfiles::dockerfile_what_runs,
                dockerfiles::dockerfile_lint,
                build_layers::build_layers,
                compose_stacks::compose_projects,
                compose_stacks::compose_down_preview,
                swarm::swarm_status,
                swarm::swarm_addresses,
                swarm::swarm_command,
                swarm::swarm_init,
                swarm::swarm_join_tokens,
                swarm::swarm_leave_preview,
                swarm::node_list,
                swarm::node_inspect,
                swarm::node_update,
                swarm::secret_list,
                swarm::config_list,
                swarm::swarm_object_choose_file,
                swarm::secret_create,
                swarm::config_create,
                swarm::swarm_object_inspect,
                swarm::swarm_object_remove_preview,
            ],
            destructive: [
                learn::learn_finish,
                stacks::stack_remove,
                containers::container_remove,
                contexts::context_remove,
                containers::container_kill,
                images::image_remove,
                images::image_prune,
                networks::network_remove,
                services::service_remove,
                networks::network_prune,
                volume_files::volume_restore,
                volumes::volume_remove,
                volumes::volume_prune,
                disk::system_prune,
                registry_browse::registry_delete_tag,
                compose_stacks::compose_down,
                compose_stacks::compose_service_action,
                swarm::swarm_leave,
                swarm::secret_remove,
                swarm::config_remove,
            ],
        }
    };
}

/// The command names, as the invoke handler and the permissions know them.
pub struct CommandNames {
    pub all: &'static [&'static str],
    pub destructive: &'static [&'static str],
}

/// `app_commands!(command_names)` gives the [`CommandNames`].
macro_rules! command_names {
    (
        everyday: [$($module:ident :: $command:ident),* $(,)?],
        destructive: [$($d_module:ident :: $d_command:ident),* $(,)?] $(,)?
    ) => {
        CommandNames {
            all: &[$(stringify!($command),)* $(stringify!($d_command),)*],
            destructive: &[$(stringify!($d_command)),*],
        }
    };
}

pub const COMMAND_NAMES: CommandNames = app_commands!(command_names);

#[cfg(test)]
mod tests {
    use super::COMMAND_NAMES;

    /// The permission sets build.rs generated, and the capability the window gets.
    const SETS: &str = include_str!(concat!(env!("OUT_DIR"), "/app-permissions/sets.toml"));
    const CAPABILITY: &str = include_str!("../capabilities/main-window.json");

    fn set(identifier: &str) -> Vec<String> {
        let start = SETS
            .find(&format!("identifier = \"{identifier}\""))
            .unwrap_or_else(|| panic!("no set {identifier} in\n{SETS}"));
        let line = SETS[start..]
            .lines()
            .find(|l| l.starts_with("permissions = ["))
            .unwrap();
        line.trim_start_matches("permissions = [")
            .trim_end_matches(']')
            .split(", ")
            .map(|p| p.trim_matches('"').to_owned())
            .collect()
    }

    #[test]
    fn every_command_has_a_permission_and_destructive_ones_only_their_own() {
        let everyday = set("everyday");
        let destructive = set("destructive");
        for name in COMMAND_NAMES.all {
            let allow = format!("allow-{}", name.replace('_', "-"));
            let in_destructive = destructive.contains(&allow);
            assert_ne!(
                everyday.contains(&allow),
                in_destructive,
                "{name} must be in exactly one set"
            );
            assert_eq!(
                in_destructive,
                COMMAND_NAMES.destructive.contains(name),
                "{name}"
            );
        }
        assert_eq!(everyday.len() + destructive.len(), COMMAND_NAMES.all.len());
        for name in ["container_remove", "container_kill"] {
            assert!(
                COMMAND_NAMES.destructive.contains(&name),
                "{name} is destructive"
            );
        }
    }

    #[test]
    fn the_window_names_both_sets() {
        let capability: serde_json::Value = serde_json::from_str(CAPABILITY).unwrap();
        let permissions = capability["permissions"].as_array().unwrap();
        for set in ["everyday", "destructive"] {
            assert!(
                permissions.iter().any(|p| p == set),
                "{set} in {capability}"
            );
        }
    }
}
