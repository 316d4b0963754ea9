import type { DraftDetail, GroupDetail } from "../../../shared/types.ts";
import { api } from "../../api/apiClient.ts";
import { useApiResource } from "../../api/useApiResource.ts";
import { AppHeader } from "../../components/AppHeader.tsx";
import { LoadError } from "../../components/LoadError.tsx";
import { DraftWorkspace } from "./DraftWorkspace.tsx";

interface DraftPageData {
  draft: DraftDetail;
  group: GroupDetail;
}

/** `/drafts/<id>`: the draft and its group are read once, then the live workspace takes over. */
export function DraftPage({ draftId }: { draftId: string }) {
  const [data, reload] = useApiResource<DraftPageData>(async () => {
    const draft = await api.draft(draftId);
    const group = await api.group(draft.groupId);
    return { draft, group };
  }, [draftId]);

  if (data.status === "ready") return <DraftWorkspace snapshot={data.data.draft} group={data.data.group} />;
  return (
    <>
      <AppHeader />
      <main id="main" className="page">
        {data.status === "loading" ? (
          <p className="muted" aria-busy="true">
            Loading draft…
          </p>
        ) : (
          <LoadError error={data.error} what="draft" onRetry={reload} />
        )}
      </main>
    </>
  );
}
