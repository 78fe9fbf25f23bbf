//! The stacks list: every compose project on the engine, read from labels alone, so a stack
//! started by `docker-compose` (v1), `docker compose` (v2) or Tugboat shows the same way. Its
//! containers (stopped ones too) grouped by service, the networks and volumes carrying the
//! project's label, and the files it came from. The UI reads it whole again when containers,
//! networks or volumes change (`Refetched`), like the Ports page: it is a view made from three
//! lists, not a list of its own.

use super::labels;
use crate::connection::Engine;
use crate::containers::{ContainerRow, ContainerState, PublishedPort};
use crate::error::EngineError;
use bollard::models::{ContainerSummary, Network, Volume};
use bollard::query_parameters::{ListContainersOptions, ListNetworksOptions, ListVolumesOptions};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One compose project as the engine holds it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComposeProject {
    pub name: String,
    /// The folder the project was started from (`com.docker.compose.project.working_dir`).
    pub working_dir: Option<String>,
    /// The compose files it was started from, absolute (`…project.config_files`).
    pub config_files: Vec<String>,
    /// The env file that was read, when one was (`…project.environment_file`).
    pub environment_file: Option<String>,
    /// Services by name, each with its containers by number.
    pub services: Vec<StackService>,
    /// Networks the project created (by their `com.docker.compose.project` label).
    pub networks: Vec<StackObject>,
    /// Named volumes the project created (by label).
    pub volumes: Vec<StackObject>,
    pub running: u32,
    /// Service containers; one-off containers (`docker compose run`) are counted apart.
    pub total: u32,
    /// Containers made by `docker compose run` (label `oneoff=True`): not part of any service's
    /// replicas, and left out of `services`.
    pub one_off: u32,
}

/// A service of a project and its containers.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StackService {
    pub name: String,
    /// The services it waits for, when the labels say so (compose v2 writes them).
    pub depends_on: Vec<String>,
    /// By container number.
    pub containers: Vec<StackContainer>,
}

/// One replica of a service.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StackContainer {
    pub id: String,
    pub name: String,
    /// `com.docker.compose.container-number`; 0 when the label is missing or unreadable.
    pub number: u32,
    pub image: String,
    pub state: ContainerState,
    /// The engine's own words: "Up 5 minutes (healthy)".
    pub status: String,
    pub health: Option<ReplicaHealth>,
    pub ports: Vec<PublishedPort>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ReplicaHealth {
    Starting,
    Healthy,
    Unhealthy,
}

/// A network or volume of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StackObject {
    /// The engine's id (a network's id; a volume's name).
    pub id: String,
    /// The name on the engine: `<project>_default`, `<project>_data`.
    pub name: String,
    /// The key in the compose file (`com.docker.compose.network` / `.volume`), when labelled.
    pub key: Option<String>,
}

/// The health part of a container's status line: the list endpoint gives no other field for
/// it, and inspecting every container would cost a call each. The words are the engine's
/// fixed format (`(healthy)`, `(unhealthy)`, `(health: starting)`).
fn health_of(status: &str) -> Option<ReplicaHealth> {
    if status.ends_with("(health: starting)") {
        Some(ReplicaHealth::Starting)
    } else if status.ends_with("(unhealthy)") {
        Some(ReplicaHealth::Unhealthy)
    } else if status.ends_with("(healthy)") {
        Some(ReplicaHealth::Healthy)
    } else {
        None
    }
}

/// The service names in a v2 `depends_on` label: `db:service_started:false,cache:…`.
pub fn depends_on_names(label: &str) -> Vec<String> {
    label
        .split(',')
        .filter_map(|part| part.split(':').next())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Is this a one-off container (`docker compose run`)? Both CLIs write "True"/"False".
pub fn is_one_off(labels: &HashMap<String, String>) -> bool {
    labels
        .get(labels::ONEOFF)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

fn number_of(labels: &HashMap<String, String>) -> u32 {
    labels
        .get(labels::CONTAINER_NUMBER)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[derive(Default)]
struct Gathering {
    working_dir: Option<String>,
    config_files: Vec<String>,
    environment_file: Option<String>,
    services: BTreeMap<String, StackService>,
    networks: Vec<StackObject>,
    volumes: Vec<StackObject>,
    one_off: u32,
}

/// Groups what the three label-filtered lists returned into projects, by name.
pub fn projects_of(
    containers: Vec<ContainerSummary>,
    networks: Vec<Network>,
    volumes: Vec<Volume>,
) -> Vec<ComposeProject> {
    let mut projects: BTreeMap<String, Gathering> = BTreeMap::new();
    for c in containers {
        let l = c.labels.clone().unwrap_or_default();
        let Some(project) = l.get(labels::PROJECT).cloned() else {
            continue;
        };
        let g = projects.entry(project).or_default();
        if is_one_off(&l) {
            g.one_off += 1;
            continue;
        }
        // Every container of a project carries the same project labels; take the first seen,
        // then fill what it lacked.
        if g.working_dir.is_none() {
            g.working_dir = l
                .get(labels::WORKING_DIR)
                .cloned()
                .filter(|s| !s.is_empty());
        }
        if g.config_files.is_empty() {
            g.config_files = l
                .get(labels::CONFIG_FILES)
                .map(|s| {
                    s.split(',')
                        .filter(|f| !f.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
        }
        if g.environment_file.is_none() {
            g.environment_file = l
                .get(labels::ENVIRONMENT_FILE)
                .cloned()
                .filter(|s| !s.is_empty());
        }
        let service = l.get(labels::SERVICE).cloned().unwrap_or_default();
        let number = number_of(&l);
        let depends_on = l
            .get(labels::DEPENDS_ON)
            .map(|d| depends_on_names(d))
            .unwrap_or_default();
        let row = ContainerRow::from_summary(c);
        let entry = g
            .services
            .entry(service.clone())
            .or_insert_with(|| StackService {
                name: service,
                depends_on: vec![],
                containers: vec![],
            });
        for d in depends_on {
            if !entry.depends_on.contains(&d) {
                entry.depends_on.push(d);
            }
        }
        entry.containers.push(StackContainer {
            health: health_of(&row.status),
            id: row.id,
            name: row.name,
            number,
            image: row.image,
            state: row.state,
            status: row.status,
            ports: row.ports,
        });
    }
    for n in networks {
        let l = n.labels.clone().unwrap_or_default();
        let Some(project) = l.get(labels::PROJECT).cloned() else {
            continue;
        };
        projects
            .entry(project)
            .or_default()
            .networks
            .push(StackObject {
                id: n.id.unwrap_or_default(),
                name: n.name.unwrap_or_default(),
                key: l.get(labels::NETWORK).cloned(),
            });
    }
    for v in volumes {
        let Some(project) = v.labels.get(labels::PROJECT).cloned() else {
            continue;
        };
        projects
            .entry(project)
            .or_default()
            .volumes
            .push(StackObject {
                id: v.name.clone(),
                key: v.labels.get(labels::VOLUME).cloned(),
                name: v.name,
            });
    }
    projects
        .into_iter()
        .map(|(name, mut g)| {
            // docker-compose v1 records the files as given (`docker-compose.yml`), relative
            // to the working dir; v2 records absolute paths. Show them absolute either way.
            let config_files = g
                .config_files
                .into_iter()
                .map(|f| match &g.working_dir {
                    Some(dir) if !std::path::Path::new(&f).is_absolute() => {
                        std::path::Path::new(dir).join(&f).display().to_string()
                    }
                    _ => f,
                })
                .collect();
            let mut services: Vec<StackService> = g.services.into_values().collect();
            let mut running = 0;
            let mut total = 0;
            for s in &mut services {
                s.containers.sort_by_key(|c| (c.number, c.name.clone()));
                total += s.containers.len() as u32;
                running += s
                    .containers
                    .iter()
                    .filter(|c| c.state == ContainerState::Running)
                    .count() as u32;
            }
            g.networks.sort_by(|a, b| a.name.cmp(&b.name));
            g.volumes.sort_by(|a, b| a.name.cmp(&b.name));
            ComposeProject {
                name,
                working_dir: g.working_dir,
                config_files,
                environment_file: g.environment_file,
                services,
                networks: g.networks,
                volumes: g.volumes,
                running,
                total,
                one_off: g.one_off,
            }
        })
        .collect()
}

/// The engine's list filter for objects carrying the project label (any value, or one).
pub(crate) fn project_filter(project: Option<&str>) -> HashMap<String, Vec<String>> {
    let label = match project {
        Some(p) => format!("{}={p}", labels::PROJECT),
        None => labels::PROJECT.to_owned(),
    };
    HashMap::from([("label".to_owned(), vec![label])])
}

impl Engine {
    /// Every compose project on the engine: containers, networks and volumes carrying the
    /// project label, read together.
    pub async fn compose_projects(&self) -> Result<Vec<ComposeProject>, EngineError> {
        self.compose_projects_filtered(None).await
    }

    /// One project by name; None when nothing on the engine carries its label.
    pub async fn compose_project(&self, name: &str) -> Result<Option<ComposeProject>, EngineError> {
        Ok(self
            .compose_projects_filtered(Some(name))
            .await?
            .into_iter()
            .find(|p| p.name == name))
    }

    pub(crate) async fn project_containers(
        &self,
        project: &str,
    ) -> Result<Vec<ContainerSummary>, EngineError> {
        Ok(self
            .docker
            .list_containers(Some(ListContainersOptions {
                all: true,
                filters: Some(project_filter(Some(project))),
                ..Default::default()
            }))
            .await?)
    }

    async fn compose_projects_filtered(
        &self,
        project: Option<&str>,
    ) -> Result<Vec<ComposeProject>, EngineError> {
        let filters = project_filter(project);
        let containers = async {
            Ok::<_, EngineError>(
                self.docker
                    .list_containers(Some(ListContainersOptions {
                        all: true,
                        filters: Some(filters.clone()),
                        ..Default::default()
                    }))
                    .await?,
            )
        };
        let networks = async {
            Ok::<_, EngineError>(
                self.docker
                    .list_networks(Some(ListNetworksOptions {
                        filters: Some(filters.clone()),
                    }))
                    .await?,
            )
        };
        let volumes = async {
            Ok::<_, EngineError>(
                self.docker
                    .list_volumes(Some(ListVolumesOptions {
                        filters: Some(filters.clone()),
                    }))
                    .await?
                    .volumes
                    .unwrap_or_default(),
            )
        };
        let (c, n, v) = tokio::try_join!(containers, networks, volumes)?;
        Ok(projects_of(c, n, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(name: &str, labels: &[(&str, &str)], state: &str, status: &str) -> ContainerSummary {
        serde_json::from_value(serde_json::json!({
            "Id": format!("id-{name}"),
            "Names": [format!("/{name}")],
            "Image": "img",
            "State": state,
            "Status": status,
            "Labels": labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<HashMap<_, _>>(),
        }))
        .unwrap()
    }

    #[test]
    fn groups_containers_by_project_and_service_and_skips_one_offs() {
        let c = vec![
            summary(
                "p-web-2",
                &[
                    (labels::PROJECT, "p"),
                    (labels::SERVICE, "web"),
                    (labels::CONTAINER_NUMBER, "2"),
                    (labels::DEPENDS_ON, "db:service_healthy:false"),
                ],
                "exited",
                "Exited (0) 1 minute ago",
            ),
            summary(
                "p-web-1",
                &[
                    (labels::PROJECT, "p"),
                    (labels::SERVICE, "web"),
                    (labels::CONTAINER_NUMBER, "1"),
                    (labels::CONFIG_FILES, "/a/compose.yaml,override.yaml"),
                    (labels::WORKING_DIR, "/a"),
                ],
                "running",
                "Up 3 seconds (healthy)",
            ),
            summary(
                "p_db_run_1",
                &[
                    (labels::PROJECT, "p"),
                    (labels::SERVICE, "db"),
                    (labels::ONEOFF, "True"),
                ],
                "running",
                "Up 1 second",
            ),
            summary("plain", &[], "running", "Up"),
        ];
        let projects = projects_of(c, vec![], vec![]);
        assert_eq!(projects.len(), 1);
        let p = &projects[0];
        assert_eq!(p.name, "p");
        assert_eq!(p.working_dir.as_deref(), Some("/a"));
        assert_eq!(p.config_files, ["/a/compose.yaml", "/a/override.yaml"]);
        assert_eq!((p.running, p.total, p.one_off), (1, 2, 1));
        assert_eq!(p.services.len(), 1);
        let web = &p.services[0];
        assert_eq!(web.depends_on, ["db"]);
        let numbers: Vec<u32> = web.containers.iter().map(|c| c.number).collect();
        assert_eq!(numbers, [1, 2]);
        assert_eq!(web.containers[0].health, Some(ReplicaHealth::Healthy));
        assert_eq!(web.containers[1].health, None);
    }

    #[test]
    fn reads_health_and_depends_on() {
        assert_eq!(
            health_of("Up 2 s (health: starting)"),
            Some(ReplicaHealth::Starting)
        );
        assert_eq!(
            health_of("Up 2 s (unhealthy)"),
            Some(ReplicaHealth::Unhealthy)
        );
        assert_eq!(health_of("Up 2 s"), None);
        assert_eq!(
            depends_on_names("db:service_started:false,cache:service_healthy:true"),
            ["db", "cache"]
        );
        assert!(depends_on_names("").is_empty());
    }
}
