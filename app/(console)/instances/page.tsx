export default function InstancesPage() {
  return <h1 className="text-xl font-semibold">Instances</h1>;
}
